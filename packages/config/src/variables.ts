import { z } from 'zod';
import { bearerSecret, ed25519Pem, flag, host, integer, oneOf, origin, originList, positiveNumber, postgresUrl, telegramUsername, text } from './fields';
import { optionalVariable, variable } from './variable';

/** Levels accepted by LOG_LEVEL, most to least severe; `silent` turns logging off. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * An http(s) URL that may carry a path (an API base such as `https://api.openai.com/v1`).
 * Kept here rather than in fields.ts while only OPENAI_BASE_URL uses it.
 */
function httpUrl(): z.ZodType<string, string> {
  return z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    error: 'must be an http:// or https:// URL such as https://api.openai.com/v1',
  });
}

/** Values accepted by NODE_ENV. */
export const nodeEnvs = ['development', 'production', 'test'] as const;

/**
 * Every environment variable the services read, keyed by its name in {@link Config}.
 * To add a setting, add one entry here (and a row in the root README's table — a test checks it).
 */
export const variables = {
  host: variable({
    name: 'HOST',
    default: '127.0.0.1',
    description: 'Interface to listen on.',
    example: '0.0.0.0',
    schema: host(),
  }),
  port: variable({
    name: 'PORT',
    default: '8787',
    description: 'TCP port to listen on (0 = any free port).',
    example: '8787',
    schema: integer(0, 65535),
  }),
  dataDir: variable({
    name: 'DATA_DIR',
    default: './data',
    description: 'Directory for the embedded database and other local state.',
    example: './data',
    schema: text(),
  }),
  databaseUrl: optionalVariable({
    name: 'DATABASE_URL',
    description: 'PostgreSQL server URL; when set it replaces the embedded database.',
    example: 'postgres://user:password@db.example.com:5432/rpgbot',
    secret: true,
    schema: postgresUrl(),
  }),
  logLevel: variable({
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'Least severe log level written (JSON lines on stdout); silent turns logging off.',
    example: 'info',
    schema: oneOf(logLevels),
  }),
  corsOrigins: variable({
    name: 'CORS_ORIGINS',
    default: '',
    description: 'Comma-separated origins allowed to call the API cross-origin; empty = same-origin only.',
    example: 'https://app.example.com,https://admin.example.com',
    schema: originList(),
  }),
  bodyLimitBytes: variable({
    name: 'BODY_LIMIT_BYTES',
    default: '1048576',
    description: 'Largest accepted HTTP request body in bytes; larger bodies get 413.',
    example: '1048576',
    schema: integer(1, 1024 * 1024 * 1024),
  }),
  rateLimitEnabled: variable({
    name: 'RATE_LIMIT_ENABLED',
    default: '1',
    description: 'Per-client, per-route token-bucket rate limiting on (1) or off (0).',
    example: '1',
    schema: flag(),
  }),
  rateLimitPerSecond: variable({
    name: 'RATE_LIMIT_PER_SECOND',
    default: '10',
    description: 'Tokens refilled per second per client and route.',
    example: '10',
    schema: positiveNumber(1_000_000),
  }),
  rateLimitBurst: variable({
    name: 'RATE_LIMIT_BURST',
    default: '40',
    description: 'Bucket capacity: requests a client may burst on one route before getting 429.',
    example: '40',
    schema: integer(1, 1_000_000),
  }),
  trustProxy: variable({
    name: 'TRUST_PROXY',
    default: '0',
    description: 'Take the client address from X-Forwarded-For (1) — only behind a reverse proxy that sets it.',
    example: '1',
    schema: flag(),
  }),
  shutdownTimeoutMs: variable({
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    description: 'How long a shutdown waits for in-flight requests before closing connections.',
    example: '10000',
    schema: integer(0, 600_000),
  }),
  metricsToken: optionalVariable({
    name: 'METRICS_TOKEN',
    description: 'When set, GET /metrics requires Authorization: Bearer <token> (401 otherwise).',
    example: '3f1c0a9e5b7d4c2a8e6f0b1d3c5a7e9f',
    secret: true,
    schema: bearerSecret(),
  }),
  metricsPort: optionalVariable({
    name: 'METRICS_PORT',
    description: 'When set, /metrics is served on this port (on HOST) only, not on PORT (0 = any free port).',
    example: '9464',
    schema: integer(0, 65535),
  }),
  nodeEnv: variable({
    name: 'NODE_ENV',
    default: 'production',
    description: 'Deployment kind: development, production or test.',
    example: 'production',
    schema: oneOf(nodeEnvs),
  }),
  telegramBotToken: optionalVariable({
    name: 'TELEGRAM_BOT_TOKEN',
    description: 'Bot token from @BotFather; enables Telegram Mini App login (POST /v1/auth/telegram).',
    example: '123456789:AAE-your-bot-token',
    secret: true,
    schema: text(),
  }),
  telegramBotId: optionalVariable({
    name: 'TELEGRAM_BOT_ID',
    description: "The bot's numeric id; also accepts initData carrying Telegram's Ed25519 third-party signature.",
    example: '123456789',
    schema: integer(1, Number.MAX_SAFE_INTEGER),
  }),
  telegramBotUsername: optionalVariable({
    name: 'TELEGRAM_BOT_USERNAME',
    description: "The bot's username without @; with TELEGRAM_APP_NAME, invite links open the Mini App.",
    example: 'rpg_bot',
    schema: telegramUsername(),
  }),
  telegramAppName: optionalVariable({
    name: 'TELEGRAM_APP_NAME',
    description: "The Mini App's short name (t.me/<bot>/<app>); with TELEGRAM_BOT_USERNAME, invite links open the Mini App.",
    example: 'play',
    schema: telegramUsername(),
  }),
  authMaxAge: variable({
    name: 'AUTH_MAX_AGE',
    default: '300',
    description: 'How old (seconds) Telegram initData may be when exchanged for a session.',
    example: '300',
    schema: integer(1, 7 * 24 * 3600),
  }),
  authDevLogin: optionalVariable({
    name: 'AUTH_DEV_LOGIN',
    description: 'Development login by name (POST /v1/auth/dev); default on only without TELEGRAM_BOT_TOKEN on a loopback HOST.',
    example: '0',
    schema: flag(),
  }),
  sessionTtlSeconds: variable({
    name: 'SESSION_TTL_SECONDS',
    default: '900',
    description: 'Lifetime of a session token in seconds; clients refresh before it ends.',
    example: '900',
    schema: integer(60, 30 * 24 * 3600),
  }),
  sessionSigningKey: optionalVariable({
    name: 'SESSION_SIGNING_KEY',
    description: 'Ed25519 private key (PKCS#8 PEM) signing session tokens; unset = generated under DATA_DIR/keys.',
    example: '-----BEGIN PRIVATE KEY-----…',
    secret: true,
    schema: ed25519Pem(),
  }),
  publicUrl: optionalVariable({
    name: 'PUBLIC_URL',
    description: "Origin of the web app used in invite links; unset = the request's origin.",
    example: 'https://app.example.com',
    schema: origin(),
  }),
  inviteTtlSeconds: variable({
    name: 'INVITE_TTL_SECONDS',
    default: '604800',
    description: 'How long an invite code stays valid, in seconds.',
    example: '604800',
    schema: integer(60, 365 * 24 * 3600),
  }),
  syncMaxFrameBytes: variable({
    name: 'SYNC_MAX_FRAME_BYTES',
    default: '1048576',
    description: 'Largest accepted sync WebSocket frame in bytes; a larger frame closes the socket.',
    example: '1048576',
    schema: integer(1, 64 * 1024 * 1024),
  }),
  syncMaxDocBytes: variable({
    name: 'SYNC_MAX_DOC_BYTES',
    default: '16777216',
    description: 'Most bytes of stored updates one document may hold; an edit that would take it further is refused (doc_too_large) and undone on the device that made it.',
    example: '16777216',
    schema: integer(64 * 1024, 1024 * 1024 * 1024),
  }),
  wsMaxSendBufferBytes: variable({
    name: 'WS_MAX_SEND_BUFFER_BYTES',
    default: '4194304',
    description: 'Most bytes a sync or party WebSocket may leave unread beyond the largest frame sent to it; a slower peer is closed with 4507.',
    example: '4194304',
    schema: integer(64 * 1024, 1024 * 1024 * 1024),
  }),
  partyRetentionMaxEvents: variable({
    name: 'PARTY_RETENTION_MAX_EVENTS',
    default: '10000',
    description: 'Party events kept per campaign; older ones are pruned (late joiners are told about the gap).',
    example: '10000',
    schema: integer(1, 10_000_000),
  }),
  partyRetentionMaxAgeDays: variable({
    name: 'PARTY_RETENTION_MAX_AGE_DAYS',
    default: '90',
    description: 'Days a party event is kept; older ones are pruned.',
    example: '90',
    schema: integer(1, 36_500),
  }),
  ttsProvider: variable({
    name: 'TTS_PROVIDER',
    default: 'espeak',
    description: 'Provider package that speaks narration (a short name like espeak for @rpg-bot/provider-espeak, or any package name, optionally :name).',
    example: 'espeak',
    schema: text(),
  }),
  imageProvider: variable({
    name: 'IMAGE_PROVIDER',
    default: 'local',
    description: 'Provider package that illustrates scenes (short name or package name, optionally :name).',
    example: 'local',
    schema: text(),
  }),
  avatarProvider: variable({
    name: 'AVATAR_PROVIDER',
    default: 'local',
    description: 'Provider package that draws character portraits (short name or package name, optionally :name).',
    example: 'local',
    schema: text(),
  }),
  artifactStore: variable({
    name: 'ARTIFACT_STORE',
    default: 'storage:filesystem',
    description: 'Where rendered media are kept: storage:filesystem (DATA_DIR/artifacts) or storage:postgres (the database, shared by every process).',
    example: 'storage:postgres',
    schema: text(),
  }),
  openaiApiKey: optionalVariable({
    name: 'OPENAI_API_KEY',
    description:
      'API key of the openai media provider (TTS_PROVIDER, IMAGE_PROVIDER or AVATAR_PROVIDER=openai); any value for a compatible server that takes none.',
    example: 'sk-proj-your-key',
    secret: true,
    schema: text(),
  }),
  openaiBaseUrl: optionalVariable({
    name: 'OPENAI_BASE_URL',
    description: 'Base URL of the API the openai provider calls; set it to use an OpenAI-compatible server. Unset = https://api.openai.com/v1.',
    example: 'http://127.0.0.1:8000/v1',
    schema: httpUrl(),
  }),
  openaiTtsModel: optionalVariable({
    name: 'OPENAI_TTS_MODEL',
    description: 'Speech model of the openai provider; unset = gpt-4o-mini-tts.',
    example: 'tts-1-hd',
    schema: text(),
  }),
  openaiImageModel: optionalVariable({
    name: 'OPENAI_IMAGE_MODEL',
    description: 'Image model of the openai provider (scene art and portraits); unset = gpt-image-1.',
    example: 'gpt-image-1-mini',
    schema: text(),
  }),
  jobsConcurrency: variable({
    name: 'JOBS_CONCURRENCY',
    default: '2',
    description: 'Media jobs this process renders at once; 0 = this process takes requests but renders none (another process does).',
    example: '2',
    schema: integer(0, 64),
  }),
  jobsMaxQueued: variable({
    name: 'JOBS_MAX_QUEUED',
    default: '1000',
    description: 'Media jobs waiting or running in total; past it POST /v1/jobs answers 429 queue_full with Retry-After.',
    example: '1000',
    schema: integer(1, 10_000_000),
  }),
  jobsMaxQueuedPerUser: variable({
    name: 'JOBS_MAX_QUEUED_PER_USER',
    default: '20',
    description: 'Media jobs one user may have waiting or running; past it their POST /v1/jobs answers 429 queue_full.',
    example: '20',
    schema: integer(1, 1_000_000),
  }),
  jobsMaxAttempts: variable({
    name: 'JOBS_MAX_ATTEMPTS',
    default: '3',
    description: 'Provider calls per media job before it fails for good (the last error is kept and shown).',
    example: '3',
    schema: integer(1, 20),
  }),
  jobsProviderTimeoutMs: variable({
    name: 'JOBS_PROVIDER_TIMEOUT_MS',
    default: '60000',
    description: 'Milliseconds one provider call may take before it is aborted and retried.',
    example: '60000',
    schema: integer(100, 3_600_000),
  }),
};
