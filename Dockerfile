# The Switchboard gateway image: the gateway, the customer widget and the agent console in one process.
#   docker build -t switchboard .
#   docker run -e JWT_SECRET=... -e PUBLIC_URL=https://chat.example.com -p 3000:3000 -v switchboard-data:/data switchboard
# compose.yaml runs the production layout with it (docs/deployment.md). e2e/packaging/ checks this file
# without a container engine: lint, structure, and the runtime stage's install and start in a temp copy.

# Manifests: the root and workspace package files, so that an install layer is rebuilt only when they change.
FROM node:24-trixie-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/agent-console/package.json apps/agent-console/
COPY apps/customer-widget/package.json apps/customer-widget/
COPY apps/gateway/package.json apps/gateway/
COPY libs/client/package.json libs/client/
COPY libs/i18n/package.json libs/i18n/
COPY libs/mongo-embedded/package.json libs/mongo-embedded/
COPY libs/protocol/package.json libs/protocol/
COPY libs/testing/package.json libs/testing/

# Build: every dependency, dev ones included, and the Nx build of every project.
FROM manifests AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
# No install scripts: nothing the build or the gateway uses needs one (and one would phone home).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --outputStyle=static

# Runtime: the gateway's production dependencies and the built folders, nothing else; files owned by root
# and read-only for the unprivileged user that runs the gateway.
FROM node:24-trixie-slim AS runtime
LABEL org.opencontainers.image.title="Switchboard gateway" \
      org.opencontainers.image.description="Open-source customer-service chat: gateway, customer widget and agent console" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.documentation="docs/deployment.md"
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin switchboard \
 && mkdir /data \
 && chown switchboard:switchboard /data \
 && chmod 0700 /data
COPY --from=manifests /app ./
# Only the gateway's dependency tree (the browser apps arrive built); the npm cache does not stay.
RUN npm ci --omit=dev --workspace=@switchboard/gateway --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/libs/protocol/dist libs/protocol/dist
COPY --from=build /app/libs/mongo-embedded/dist libs/mongo-embedded/dist
COPY --from=build /app/apps/gateway/dist apps/gateway/dist
COPY --from=build /app/apps/customer-widget/dist apps/customer-widget/dist
COPY --from=build /app/apps/agent-console/dist apps/agent-console/dist
USER 10001:10001
# The embedded store and the development secret live here when no MONGODB_URI is given.
VOLUME ["/data"]
EXPOSE 3000
# Slim images have no curl: Node's fetch asks the gateway itself (503 while the database is unreachable).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# SIGTERM closes the sockets and the database connection; clients reconnect to another node.
STOPSIGNAL SIGTERM
# The flags of switchboard.nodeFlags in apps/gateway/package.json (64 MB young generation).
CMD ["node", "--max-semi-space-size=64", "apps/gateway/dist/main.js"]
