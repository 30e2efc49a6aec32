ARG PYTHON_VERSION={{ cookiecutter.python_version }}

# uv installs the dependencies in the builder; it reaches no layer of the image.
FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

FROM python:${PYTHON_VERSION}-slim AS builder
ENV UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
RUN python -m venv --without-pip /opt/venv
# Only requirements.txt reaches this layer, so it stays cached while the source
# changes. --only-binary keeps compilers out: every pin has a wheel. uv's lock
# file goes: writable by anyone, it would be the one such file of the image.
RUN --mount=from=uv,source=/uv,target=/bin/uv \
    --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    uv pip install --python /opt/venv/bin/python \
        --require-hashes --no-deps --only-binary :all: --requirement /tmp/requirements.txt \
    && rm /opt/venv/.lock
