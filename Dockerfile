FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY client-sdk/package.json client-sdk/
RUN npm ci --no-audit --no-fund
COPY . .
USER node
EXPOSE 3000
CMD ["node", "--conditions=development", "--import", "tsx", "server/src/main.ts"]
