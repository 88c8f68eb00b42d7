/**
 * One accent colour per tour. Each is dark enough for white text (contrast ≥ 4.5:1)
 * and they stay distinct for the common colour-vision deficiencies; the tour number is
 * always printed next to the colour so that colour never carries meaning alone.
 */
export const TOUR_COLOURS = ['#1d4f91', '#8a3b12', '#1f6b3a'] as const;

export function tourLabel(tour: { number: number; name: string }): string {
	return `Tournée ${tour.number} — ${tour.name}`;
}
