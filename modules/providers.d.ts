// The provider list is made at build time from the files of modules/ (see rollup.config.mjs).
declare module 'virtual:hellojs-meetings/providers' {
  const providers: import('./types.ts').ProviderModules;
  export default providers;
}
