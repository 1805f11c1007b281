// The package's `./zod` export points its "types" at the untyped .js build; api-spec.ts narrows what it uses.
declare module 'discord-api-spec/zod';
