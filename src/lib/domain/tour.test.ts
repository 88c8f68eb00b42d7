import { describe, expect, it } from 'vitest';
import { TOUR_COLOURS } from './tour';

function luminance(hex: string): number {
	const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
	const [r = 0, g = 0, b = 0] = channels.map((c) =>
		c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
	);
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('tour colours', () => {
	it.each(TOUR_COLOURS)('%s carries white text at WCAG AA (4.5:1)', (colour) => {
		expect((1 + 0.05) / (luminance(colour) + 0.05)).toBeGreaterThanOrEqual(4.5);
	});
});
