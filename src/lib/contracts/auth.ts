import { z } from 'zod/mini';
import { email } from './common';

export const loginInput = z.object({
	email: z
		.string()
		.check(
			z.trim(),
			z.toLowerCase(),
			z.minLength(1, 'Indiquez votre adresse électronique.'),
			z.maxLength(254)
		),
	password: z.string().check(z.minLength(1, 'Indiquez votre mot de passe.'), z.maxLength(256))
});
export type LoginInput = z.infer<typeof loginInput>;

export const newPassword = z
	.string()
	.check(z.minLength(12, 'Au moins 12 caractères.'), z.maxLength(256, 'Au plus 256 caractères.'));

export { email };
