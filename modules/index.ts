// ESM entry: `import hello from 'hellojs'; import { register } from 'hellojs-meetings'; register(hello);`

export { isZohoRegion, ZOHO_DATACENTRES, ZOHO_REGIONS } from './datacentres.ts';
export { API_ERROR_CODES } from './errors.ts';
export { modules, register, VERSION } from './register.ts';
export type * from './types.ts';
