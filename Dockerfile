# syncd's processes (`npm run api`, `npm run worker`). NOT TESTED HERE: see docker-compose.yml.
FROM node:20-bookworm
# The Temporal CLI for operators (and for npm's install step, which then fetches nothing).
COPY --from=temporalio/admin-tools:1.29 /usr/local/bin/temporal /usr/local/bin/temporal
WORKDIR /app
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
COPY scripts/install-temporal.mjs scripts/
RUN npm ci
COPY . .
ENV NODE_ENV=production
# The API listens on 127.0.0.1 unless SYNCD_API_HOST says otherwise; to publish this port, run it
# with SYNCD_API_HOST=0.0.0.0 and SYNCD_API_KEYS set (docker-compose.yml does).
EXPOSE 3003
