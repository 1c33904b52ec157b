/** The files a resolved config reads besides itself: what `gateway dev` must watch to reload. */
import type { ResolvedConfig } from './resolved.js';
import type { Secret } from './schema/index.js';
import { isHttpUrl } from './values.js';

/** Absolute paths of certificates, protos, local WSDLs, key files, JWKS files and secret files. */
export function referencedFiles(config: ResolvedConfig): string[] {
  const files = new Set<string>();
  const add = (path: string | undefined) => {
    if (path !== undefined && !isHttpUrl(path)) files.add(path);
  };
  const addSecret = (secret: Secret | undefined) => {
    if (typeof secret === 'object' && 'file' in secret) add(secret.file);
  };
  add(config.server.tls?.cert);
  add(config.server.tls?.key);
  for (const upstream of Object.values(config.upstreams)) {
    upstream.grpc?.protos.forEach(add);
    add(upstream.soap?.wsdl);
  }
  for (const provider of Object.values(config.auth)) {
    if (provider.type === 'api-key') for (const entry of provider.keys) addSecret(entry.key);
    if (provider.type === 'basic') for (const user of provider.users) addSecret(user.hash);
    if (provider.type === 'jwt') {
      addSecret(provider.secret);
      add(provider.publicKey);
      add(provider.jwks);
    }
  }
  return [...files];
}
