import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError, loadConfig } from './index';
import type { Config } from './index';

function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies every default to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8787,
      dataDir: './data',
      databaseUrl: undefined,
      logLevel: 'info',
      corsOrigins: [],
      bodyLimitBytes: 1_048_576,
      rateLimitEnabled: true,
      rateLimitPerSecond: 10,
      rateLimitBurst: 40,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      metricsToken: undefined,
      metricsPort: undefined,
      nodeEnv: 'production',
      telegramBotToken: undefined,
      telegramBotId: undefined,
      telegramBotUsername: undefined,
      telegramAppName: undefined,
      authMaxAge: 300,
      authDevLogin: true,
      sessionTtlSeconds: 900,
      sessionSigningKey: undefined,
      publicUrl: undefined,
      inviteTtlSeconds: 604_800,
      syncMaxFrameBytes: 1_048_576,
      syncMaxDocBytes: 16_777_216,
      wsMaxSendBufferBytes: 4_194_304,
      partyRetentionMaxEvents: 10_000,
      partyRetentionMaxAgeDays: 90,
      ttsProvider: 'espeak',
      imageProvider: 'local',
      avatarProvider: 'local',
      artifactStore: 'storage:filesystem',
      jobsConcurrency: 2,
      jobsMaxQueued: 1000,
      jobsMaxQueuedPerUser: 20,
      jobsMaxAttempts: 3,
      jobsProviderTimeoutMs: 60_000,
    });
  });

  it('parses every variable and ignores unknown ones', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      DATA_DIR: '/var/lib/rpg-bot',
      DATABASE_URL: 'postgresql://rpg:secret@db:5432/rpgbot',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173,https://app.example.com',
      BODY_LIMIT_BYTES: '2048',
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_PER_SECOND: '0.5',
      RATE_LIMIT_BURST: '3',
      TRUST_PROXY: 'true',
      SHUTDOWN_TIMEOUT_MS: '0',
      METRICS_TOKEN: 'a'.repeat(32),
      METRICS_PORT: '9464',
      NODE_ENV: 'test',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_BOT_ID: '123',
      TELEGRAM_BOT_USERNAME: 'rpg_bot',
      TELEGRAM_APP_NAME: 'play',
      AUTH_MAX_AGE: '600',
      AUTH_DEV_LOGIN: '1',
      SESSION_TTL_SECONDS: '3600',
      SESSION_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----',
      PUBLIC_URL: 'https://app.example.com',
      INVITE_TTL_SECONDS: '86400',
      SYNC_MAX_FRAME_BYTES: '65536',
      SYNC_MAX_DOC_BYTES: '1048576',
      WS_MAX_SEND_BUFFER_BYTES: '1048576',
      PARTY_RETENTION_MAX_EVENTS: '500',
      PARTY_RETENTION_MAX_AGE_DAYS: '7',
      TTS_PROVIDER: '@acme/rpg-voices:studio',
      IMAGE_PROVIDER: 'openai',
      AVATAR_PROVIDER: 'local',
      ARTIFACT_STORE: 'storage:postgres',
      JOBS_CONCURRENCY: '0',
      JOBS_MAX_QUEUED: '50',
      JOBS_MAX_QUEUED_PER_USER: '5',
      JOBS_MAX_ATTEMPTS: '5',
      JOBS_PROVIDER_TIMEOUT_MS: '2000',
      SOMETHING_ELSE: 'whatever',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/rpg-bot',
      databaseUrl: 'postgresql://rpg:secret@db:5432/rpgbot',
      logLevel: 'debug',
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      bodyLimitBytes: 2048,
      rateLimitEnabled: false,
      rateLimitPerSecond: 0.5,
      rateLimitBurst: 3,
      trustProxy: true,
      shutdownTimeoutMs: 0,
      metricsToken: 'a'.repeat(32),
      metricsPort: 9464,
      nodeEnv: 'test',
      telegramBotToken: '123:abc',
      telegramBotId: 123,
      telegramBotUsername: 'rpg_bot',
      telegramAppName: 'play',
      authMaxAge: 600,
      authDevLogin: true,
      sessionTtlSeconds: 3600,
      sessionSigningKey: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----',
      publicUrl: 'https://app.example.com',
      inviteTtlSeconds: 86_400,
      syncMaxFrameBytes: 65_536,
      syncMaxDocBytes: 1_048_576,
      wsMaxSendBufferBytes: 1_048_576,
      partyRetentionMaxEvents: 500,
      partyRetentionMaxAgeDays: 7,
      ttsProvider: '@acme/rpg-voices:studio',
      imageProvider: 'openai',
      avatarProvider: 'local',
      artifactStore: 'storage:postgres',
      jobsConcurrency: 0,
      jobsMaxQueued: 50,
      jobsMaxQueuedPerUser: 5,
      jobsMaxAttempts: 5,
      jobsProviderTimeoutMs: 2000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty and whitespace-only values as unset', () => {
    const config = loadConfig({ PORT: '', HOST: '  ', DATABASE_URL: '', CORS_ORIGINS: ' ' });
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.corsOrigins).toEqual([]);
  });

  it('accepts 1/0/true/false for booleans and nothing else', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'true' }).rateLimitEnabled).toBe(true);
    for (const bad of ['yes', 'on', 'TRUE', '2']) {
      expect(configErrorOf({ TRUST_PROXY: bad }).message).toContain('TRUST_PROXY must be 1, 0, true or false');
    }
  });

  it('explains a bad value in one line: variable, what is wrong, what was given, the fix', () => {
    const error = configErrorOf({ PORT: 'abc' });
    expect(error.message).toBe(
      'Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc"). ' +
        'Fix: set PORT to a value like 8787, or unset it to use the default "8787".',
    );
    expect(error.issues).toEqual([{ variable: 'PORT', message: error.message }]);
    expect(error.message).not.toContain('\n');
  });

  it('reports every bad variable, one line each', () => {
    const error = configErrorOf({ PORT: '70000', LOG_LEVEL: 'verbose', BODY_LIMIT_BYTES: '1e6', NODE_ENV: 'staging' });
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.startsWith('Invalid configuration: '))).toBe(true);
    expect(error.issues.map((issue) => issue.variable)).toEqual(['PORT', 'LOG_LEVEL', 'BODY_LIMIT_BYTES', 'NODE_ENV']);
    expect(lines[0]).toContain('PORT must be an integer from 0 to 65535 (got "70000")');
    expect(lines[1]).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
    expect(lines[2]).toContain('BODY_LIMIT_BYTES must be an integer');
    expect(lines[3]).toContain('NODE_ENV must be one of development, production, test');
  });

  it.each([
    ['RATE_LIMIT_PER_SECOND', '0', 'must be a number greater than 0'],
    ['RATE_LIMIT_PER_SECOND', '-1', 'must be a number greater than 0'],
    ['RATE_LIMIT_BURST', '0', 'must be an integer from 1'],
    ['SHUTDOWN_TIMEOUT_MS', '10s', 'must be an integer from 0 to 600000'],
    ['PORT', '-1', 'must be an integer from 0 to 65535'],
    ['PORT', '80.5', 'must be an integer from 0 to 65535'],
    ['HOST', 'my host', 'must be a host name or IP address'],
    ['SYNC_MAX_FRAME_BYTES', '0', 'must be an integer from 1 to 67108864'],
    ['SYNC_MAX_FRAME_BYTES', '1.5', 'must be an integer from 1 to 67108864'],
    ['SYNC_MAX_FRAME_BYTES', '1MB', 'must be an integer from 1 to 67108864'],
    ['SYNC_MAX_DOC_BYTES', '1000', 'must be an integer from 65536 to 1073741824'],
    ['PARTY_RETENTION_MAX_EVENTS', '0', 'must be an integer from 1 to 10000000'],
    ['PARTY_RETENTION_MAX_EVENTS', '10k', 'must be an integer from 1 to 10000000'],
    ['PARTY_RETENTION_MAX_AGE_DAYS', '0', 'must be an integer from 1 to 36500'],
    ['PARTY_RETENTION_MAX_AGE_DAYS', '1.5', 'must be an integer from 1 to 36500'],
  ])('rejects %s=%s', (name, value, expected) => {
    expect(configErrorOf({ [name]: value }).message).toContain(`${name} ${expected}`);
  });

  it('validates each CORS origin and names the bad one', () => {
    for (const bad of ['*', 'app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com']) {
      const message = configErrorOf({ CORS_ORIGINS: `https://ok.example.com,${bad}` }).message;
      expect(message).toContain('CORS_ORIGINS must be a comma-separated list of origins');
      expect(message).toContain(`${JSON.stringify(bad)} is not one`);
    }
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com:8443' }).corsOrigins).toEqual(['https://app.example.com:8443']);
  });

  it('accepts only postgres URLs for DATABASE_URL and never echoes the value', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' }).databaseUrl).toBe('postgres://u@localhost/db');
    const message = configErrorOf({ DATABASE_URL: 'mysql://admin:hunter2@db/app' }).message;
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(message).toContain('scheme "mysql:"');
    expect(message).not.toContain('hunter2');
    expect(message).toContain('or unset it.');
    expect(configErrorOf({ DATABASE_URL: 'not a url' }).message).toContain('no URL scheme');
  });

  it('turns dev login on by default only without a bot token on a loopback host', () => {
    expect(loadConfig({}).authDevLogin).toBe(true);
    expect(loadConfig({ HOST: 'localhost' }).authDevLogin).toBe(true);
    expect(loadConfig({ HOST: '::1' }).authDevLogin).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).authDevLogin).toBe(false);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }).authDevLogin).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_DEV_LOGIN: '1' }).authDevLogin).toBe(true);
    expect(loadConfig({ AUTH_DEV_LOGIN: '0' }).authDevLogin).toBe(false);
  });

  it('never echoes the bot token or signing key, and checks the rest of the auth settings', () => {
    const message = configErrorOf({ SESSION_SIGNING_KEY: 'hunter2-not-a-pem' }).message;
    expect(message).toContain('SESSION_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM form');
    expect(message).not.toContain('hunter2');
    expect(configErrorOf({ PUBLIC_URL: 'https://app.example.com/' }).message).toContain('PUBLIC_URL must be an origin');
    expect(configErrorOf({ TELEGRAM_BOT_USERNAME: '@rpg_bot' }).message).toContain('TELEGRAM_BOT_USERNAME must be 3 to 64');
    expect(configErrorOf({ TELEGRAM_BOT_ID: 'abc' }).message).toContain('TELEGRAM_BOT_ID must be an integer');
  });

  it('checks the metrics settings: a token strong enough for a header, never echoed, and a port of its own', () => {
    const weak = configErrorOf({ METRICS_TOKEN: 'hunter2' }).message;
    expect(weak).toContain('METRICS_TOKEN must be 16 to 512 letters');
    expect(weak).not.toContain('hunter2');
    expect(configErrorOf({ METRICS_TOKEN: `${'a'.repeat(20)} b` }).message).toContain('METRICS_TOKEN must be');
    expect(configErrorOf({ METRICS_PORT: '70000' }).message).toContain('METRICS_PORT must be an integer from 0 to 65535');
    const clash = configErrorOf({ PORT: '9000', METRICS_PORT: '9000' });
    expect(clash.issues.map((issue) => issue.variable)).toEqual(['METRICS_PORT']);
    expect(clash.message).toContain('METRICS_PORT must differ from PORT (both are 9000)');
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it('shortens huge values so the message stays readable', () => {
    const message = configErrorOf({ LOG_LEVEL: 'x'.repeat(500) }).message;
    expect(message).toContain('(500 characters)');
    expect(message.length).toBeLessThan(400);
  });

  it('infers precise types', () => {
    expectTypeOf<Config['port']>().toEqualTypeOf<number>();
    expectTypeOf<Config['databaseUrl']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config['logLevel']>().toEqualTypeOf<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>();
    expectTypeOf<Config['corsOrigins']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Config['trustProxy']>().toEqualTypeOf<boolean>();
  });
});
