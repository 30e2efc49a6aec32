# UID 10001 unless the platform assigns one (OpenShift runs an arbitrary UID in group
# 0): whatever the service writes belongs to group 0 too, with the owner's rights (g=u).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app
