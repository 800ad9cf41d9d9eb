# civiq Node server image (compose.yaml builds it for each node).
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The whole tree: the web bundles are built with esbuild (a devDependency) at start.
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-web.ts
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["node", "src/cli.ts", "serve"]
