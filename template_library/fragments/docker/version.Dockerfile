# The version the image holds (CI may pass the commit): the release of error reports
# unless SENTRY_RELEASE is set. Late in the file, so a new one rebuilds no layer above.
ARG APP_VERSION=0.1.0
LABEL org.opencontainers.image.version=$APP_VERSION
ENV APP_VERSION=$APP_VERSION
