import fc from 'fast-check';
import { describe, it } from 'vitest';
import { matchesPlaceName, normaliseForSearch } from './text';

describe('search normalisation (properties)', () => {
	it('is idempotent', () => {
		fc.assert(
			fc.property(fc.string(), (s) => normaliseForSearch(normaliseForSearch(s)) === normaliseForSearch(s))
		);
	});
	it('a name always matches itself, whatever its case and hyphenation', () => {
		const word = fc.stringMatching(/^[a-zà-ÿ]{1,10}$/);
		fc.assert(
			fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
				const name = words.join('-');
				return matchesPlaceName(name, words.join(' ').toUpperCase());
			})
		);
	});
	it('never produces hyphens, apostrophes or double spaces', () => {
		fc.assert(fc.property(fc.string(), (s) => !/[-'’]| {2}/.test(normaliseForSearch(s))));
	});
});
