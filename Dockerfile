FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY client-sdk/package.json client-sdk/
COPY console/package.json console/
RUN npm ci --no-audit --no-fund
COPY . .
# The server serves the console from console/dist (CONSOLE_DIR); an image must carry its own build.
RUN npm run build -w @switchboard/console
USER node
EXPOSE 3000
CMD ["node", "--conditions=development", "--import", "tsx", "server/src/main.ts"]
