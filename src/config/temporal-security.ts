import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A PEM text and where it came from, so errors and start logs can name the variable. */
export interface PemSetting {
  variable: string;
  /** Undefined when the PEM was given inline (a `*_DATA` variable). */
  path: string | undefined;
  pem: Buffer;
}

export interface TemporalTls {
  /** The name the server's certificate is checked against, instead of the address's host. */
  serverName: string | undefined;
  /** Undefined trusts the system's roots (Temporal Cloud's certificates chain to them). */
  ca: PemSetting | undefined;
  /** mTLS: the certificate and key this client presents. */
  clientCert: { cert: PemSetting; key: PemSetting } | undefined;
}

/** How syncd authenticates to Temporal beyond the address: TLS (undefined = plaintext) and an API key. */
export interface TemporalSecurity {
  tls: TemporalTls | undefined;
  apiKey: string | undefined;
}

interface Material {
  what: string;
  /** syncd's short name first, then the temporal CLI's; both take a file path. */
  pathVariables: readonly [string, string];
  dataVariable: string;
  looksRight: (pem: string) => boolean;
}

const certificate = (pem: string) => pem.includes('-----BEGIN CERTIFICATE-----');
const privateKey = (pem: string) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem);

const CLIENT_CERT: Material = {
  what: 'PEM certificate',
  pathVariables: ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_CLIENT_CERT_PATH'],
  dataVariable: 'TEMPORAL_TLS_CLIENT_CERT_DATA',
  looksRight: certificate,
};
const CLIENT_KEY: Material = {
  what: 'PEM private key',
  pathVariables: ['TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
  dataVariable: 'TEMPORAL_TLS_CLIENT_KEY_DATA',
  looksRight: privateKey,
};
const SERVER_CA: Material = {
  what: 'PEM certificate',
  pathVariables: ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'],
  dataVariable: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  looksRight: certificate,
};

const variablesOf = (material: Material) => [...material.pathVariables, material.dataVariable];
const TLS_VARIABLES = [...[CLIENT_CERT, CLIENT_KEY, SERVER_CA].flatMap(variablesOf), 'TEMPORAL_TLS_SERVER_NAME'];

const text = z.string().min(1).optional();
const flagsSchema = z.object({
  TEMPORAL_TLS: z.stringbool().optional(),
  TEMPORAL_API_KEY: text,
  // The temporal CLI's, but the TypeScript SDK cannot skip host verification: say so rather than ignore it.
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: z
    .stringbool()
    .refine(
      (disabled) => !disabled,
      'is not supported by syncd: set TEMPORAL_TLS_SERVER_NAME to the name in the server certificate instead',
    )
    .optional(),
});
const tlsTextShape: Record<string, typeof text> = Object.fromEntries(TLS_VARIABLES.map((name) => [name, text]));
const tlsTextSchema = z.object(tlsTextShape);

type SecurityEnv = Record<string, string | undefined>;

/** One material's PEM from whichever of its variables is set; undefined when none is. */
function readMaterial(material: Material, env: SecurityEnv, problems: string[]): PemSetting | null | undefined {
  const given = variablesOf(material).filter((name) => env[name] !== undefined);
  const values = new Set(given.map((name) => env[name]));
  if (values.size > 1) {
    problems.push(`environment: ${given.join(', ')}: give the ${material.what} once, in one of these variables`);
    return null;
  }
  const variable = given[0];
  if (variable === undefined) return undefined;
  const value = env[variable] as string;
  const filePath = variable === material.dataVariable ? undefined : value;
  let pem: Buffer;
  try {
    pem = filePath === undefined ? Buffer.from(value) : readFileSync(filePath);
  } catch (error) {
    problems.push(`environment: ${variable}: cannot read ${filePath}: ${(error as Error).message}`);
    return null;
  }
  if (!material.looksRight(pem.toString('latin1'))) {
    problems.push(`environment: ${variable}: ${filePath ?? 'the value'} holds no ${material.what}`);
    return null;
  }
  return { variable, path: filePath, pem };
}

/** The variable of `to` that goes with `variable` of `from`: the same family (short, CLI path or CLI data). */
function counterpart(variable: string, from: Material, to: Material): string {
  return variablesOf(to)[variablesOf(from).indexOf(variable)] ?? to.pathVariables[0];
}

function clientCertPair(
  cert: PemSetting | null | undefined,
  key: PemSetting | null | undefined,
  problems: string[],
): TemporalTls['clientCert'] {
  if (cert && key) return { cert, key };
  if (cert && key === undefined) {
    const needed = counterpart(cert.variable, CLIENT_CERT, CLIENT_KEY);
    problems.push(`environment: ${cert.variable}: a client certificate needs its private key: set ${needed} too, or neither`);
  }
  if (key && cert === undefined) {
    const needed = counterpart(key.variable, CLIENT_KEY, CLIENT_CERT);
    problems.push(`environment: ${key.variable}: a client private key needs its certificate: set ${needed} too, or neither`);
  }
  return undefined;
}

/**
 * TLS and API-key settings from the variables Temporal's own CLI reads (`temporal options` lists
 * them), plus the shorter TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY and TEMPORAL_TLS_CA for file paths.
 * Files are read here, at start, so a missing one is a configuration error naming its variable.
 */
export function temporalSecurityFromEnv(env: NodeJS.ProcessEnv): { security: TemporalSecurity; problems: string[] } {
  const flags = flagsSchema.safeParse(env);
  const texts = tlsTextSchema.safeParse(env);
  if (!flags.success || !texts.success) {
    const issues = [...(flags.error?.issues ?? []), ...(texts.error?.issues ?? [])];
    const problems = issues.map((issue) => `environment: ${issue.path.join('.')}: ${issue.message}`);
    return { security: { tls: undefined, apiKey: undefined }, problems };
  }
  const { TEMPORAL_TLS: tlsFlag, TEMPORAL_API_KEY: apiKey } = flags.data;
  const vars: SecurityEnv = texts.data;
  const problems: string[] = [];
  const ca = readMaterial(SERVER_CA, vars, problems);
  const clientCert = clientCertPair(readMaterial(CLIENT_CERT, vars, problems), readMaterial(CLIENT_KEY, vars, problems), problems);
  const serverName = vars.TEMPORAL_TLS_SERVER_NAME;
  const tlsSettings = TLS_VARIABLES.filter((name) => vars[name] !== undefined);
  if (tlsFlag === false && tlsSettings.length > 0) {
    problems.push(`environment: TEMPORAL_TLS: false, yet ${tlsSettings.join(', ')} set TLS up: remove one or the other`);
  }
  // As the temporal CLI does: any TLS setting or an API key turns TLS on unless TEMPORAL_TLS says false.
  const tlsOn = tlsFlag ?? (tlsSettings.length > 0 || apiKey !== undefined);
  return {
    security: { tls: tlsOn ? { serverName, ca: ca ?? undefined, clientCert } : undefined, apiKey },
    problems,
  };
}
