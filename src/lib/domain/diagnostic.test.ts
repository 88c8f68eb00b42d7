import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	ACCESS_CONNECTIONS,
	ACCESS_EQUIPMENT,
	ACCESS_NEEDS,
	ACCESS_READING,
	ANSWER_SCALE,
	compareLevels,
	DIAGNOSTIC_QUESTIONS,
	DIGITAL_AREAS,
	newFollowUpCode,
	normaliseFollowUpCode,
	progressBetween,
	questionsOf,
	RECOMMENDATION_LABELS,
	scoreDiagnostic,
	type Answer,
	type DiagnosticAccess,
	type DiagnosticAnswers
} from './diagnostic';

const access: DiagnosticAccess = {
	equipment: ['smartphone'],
	connection: 'home',
	reading: 'easy',
	needs: ['none']
};
const all = (answer: Answer): DiagnosticAnswers =>
	Object.fromEntries(DIAGNOSTIC_QUESTIONS.map((q) => [q.id, answer]));

const answersArb = fc.record(
	Object.fromEntries(
		DIAGNOSTIC_QUESTIONS.map((q) => [q.id, fc.option(fc.constantFrom(...ANSWER_SCALE), { nil: null })])
	) as Record<string, fc.Arbitrary<Answer | null>>
);
const accessArb: fc.Arbitrary<DiagnosticAccess> = fc.record({
	equipment: fc.uniqueArray(fc.constantFrom(...ACCESS_EQUIPMENT)),
	connection: fc.constantFrom(...ACCESS_CONNECTIONS),
	reading: fc.constantFrom(...ACCESS_READING),
	needs: fc.uniqueArray(fc.constantFrom(...ACCESS_NEEDS))
});

describe('the digital-skills diagnostic', () => {
	it('asks three everyday tasks in each of the five areas, with distinct ids (version 1)', () => {
		const questions = questionsOf(1);
		expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
		for (const area of DIGITAL_AREAS) expect(questions.filter((q) => q.area === area)).toHaveLength(3);
	});

	it('asks « remplir un formulaire en ligne » under communication from version 2', () => {
		const form = (version: number) =>
			questionsOf(version).filter((q) => q.task.startsWith('Remplir un formulaire en ligne'));
		expect(form(1).map((q) => q.area)).toEqual(['content']);
		expect(form(2).map((q) => q.area)).toEqual(['communication']);
		expect(questionsOf(2)).toHaveLength(15);
		expect(new Set(DIAGNOSTIC_QUESTIONS.map((q) => q.id)).size).toBe(DIAGNOSTIC_QUESTIONS.length);
	});

	it('places the answers on the 3-level autonomy scale', () => {
		expect(scoreDiagnostic(all(0), access).overall).toBe('accompanied');
		// Help needed for every task: accompanied, not « autonome avec aide ».
		expect(scoreDiagnostic(all(1), access).overall).toBe('accompanied');
		for (const area of DIGITAL_AREAS)
			expect(scoreDiagnostic(all(1), access).areaLevels[area]).toBe('accompanied');
		expect(scoreDiagnostic(all(2), access).overall).toBe('autonomousWithHelp');
		expect(scoreDiagnostic(all(3), access).overall).toBe('autonomous');
		const mixed = scoreDiagnostic(
			{ ...all(3), 'safety-passwords': 0, 'safety-scams': 0, 'safety-franceconnect': 1 },
			access
		);
		expect(mixed.areaLevels.safety).toBe('accompanied');
		expect(mixed.areaLevels.information).toBe('autonomous');
		expect(mixed.recommendations.map((r) => r.kind)).toEqual(['coaching', 'workshop']);
		expect(mixed.recommendations[0]?.areas).toEqual(['safety']);
	});

	it('recommends an Aidants Connect mandate to someone who cannot do the procedures, a place with equipment to someone without', () => {
		expect(scoreDiagnostic(all(0), access).recommendations.map((r) => r.kind)).toEqual([
			'aidantsConnect',
			'coaching',
			'workshop'
		]);
		const noDevice = scoreDiagnostic(all(3), { ...access, equipment: ['none'], connection: 'none' });
		expect(noDevice.recommendations.map((r) => r.kind)).toEqual(['equipment', 'mediationPlace']);
		expect(noDevice.recommendations[0]?.reason).toMatch(/libre-service du véhicule/);
		// No device and the procedures out of reach: the mandate first, then the equipment.
		const neither = scoreDiagnostic(all(0), { ...access, equipment: ['none'] });
		expect(neither.recommendations.map((r) => r.kind).slice(0, 2)).toEqual(['aidantsConnect', 'equipment']);
		// Aidants Connect is the adviser acting for the person, under a mandate.
		expect(RECOMMENDATION_LABELS.aidantsConnect).toMatch(/fait pour vous, en votre nom/);
		expect(scoreDiagnostic(all(3), access).recommendations.map((r) => r.kind)).toEqual(['mediationPlace']);
	});

	it('never lowers a level when an answer gets better (property)', () => {
		fc.assert(
			fc.property(
				answersArb,
				accessArb,
				fc.constantFrom(...DIAGNOSTIC_QUESTIONS.map((q) => q.id)),
				(answers, acc, id) => {
					const before = scoreDiagnostic(answers, acc);
					const current = answers[id];
					const better = (current === null || current === undefined ? 0 : Math.min(3, current + 1)) as Answer;
					const after = scoreDiagnostic({ ...answers, [id]: better }, acc);
					// Answering a question not asked before may move its area either way; a raise never lowers.
					if (current === null || current === undefined) return;
					expect(compareLevels(after.overall, before.overall)).toBeGreaterThanOrEqual(0);
					for (const area of DIGITAL_AREAS) {
						const b = before.areaLevels[area];
						const a = after.areaLevels[area];
						if (b && a) expect(compareLevels(a, b)).toBeGreaterThanOrEqual(0);
					}
				}
			),
			{ numRuns: 500 }
		);
	});

	it('maps every result to at least one recommendation (property)', () => {
		fc.assert(
			fc.property(answersArb, accessArb, (answers, acc) => {
				const result = scoreDiagnostic(answers, acc);
				expect(result.recommendations.length).toBeGreaterThan(0);
				for (const r of result.recommendations) expect(r.reason).toMatch(/\S/);
			}),
			{ numRuns: 500 }
		);
	});

	it('shows the progress between two diagnostics of the same person', () => {
		const first = scoreDiagnostic(all(1), access);
		const second = scoreDiagnostic({ ...all(1), 'safety-passwords': 3, 'safety-scams': 3 }, access);
		const progress = progressBetween(first, second);
		expect(progress.areas.safety).toBe(1.33);
		expect(progress.areas.information).toBe(0);
		expect(progress.overall).toBeGreaterThan(0);
	});

	it('gives follow-up codes easy to read aloud, found again however typed', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const code = newFollowUpCode(random);
		expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		expect(normaliseFollowUpCode(code.toLowerCase().replace('-', ' '))).toBe(code);
		expect(normaliseFollowUpCode('abc')).toBeNull();
		expect(normaliseFollowUpCode('ABO-123')).toBeNull();
	});
});
