import { z } from 'zod/mini';

// Every message a person may read is in French.
z.config(z.locales.fr());

export * from './common';
export * from './auth';
export * from './referential';
export * from './accounts';
export * from './sync';
export * from './planning';
export * from './home-visits';
export * from './activity';
export * from './level2';
export * from './diagnostic';
export * from './indicators';
export * from './local-rules';
