import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	compareLevel2Cases,
	defaultDueOn,
	isOverdue,
	LEVEL2_ACTIONS,
	LEVEL2_STATES,
	level2Refusal,
	nextLevel2State,
	type Level2State
} from './level2';

describe('level-2 cases', () => {
	it('follow transmitted → (chased…) → answered → closed, and closed is final', () => {
		expect(nextLevel2State('transmitted', 'chase')).toBe('chased');
		expect(nextLevel2State('chased', 'chase')).toBe('chased');
		expect(nextLevel2State('chased', 'answer')).toBe('answered');
		expect(nextLevel2State('answered', 'close')).toBe('closed');
		expect(nextLevel2State('transmitted', 'close')).toBe('closed');
		expect(nextLevel2State('answered', 'chase')).toBeNull();
		for (const action of LEVEL2_ACTIONS) expect(nextLevel2State('closed', action)).toBeNull();
	});

	it('name, in French, why every impossible action is refused', () => {
		for (const state of LEVEL2_STATES)
			for (const action of LEVEL2_ACTIONS)
				if (nextLevel2State(state, action) === null) expect(level2Refusal(state, action)).toMatch(/\S/);
	});

	it('any sequence of actions ends closed or waiting, never back to transmitted', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...LEVEL2_ACTIONS), { maxLength: 12 }), (actions) => {
				let state: Level2State = 'transmitted';
				let closedSeen = false;
				for (const action of actions) {
					const next = nextLevel2State(state, action);
					if (closedSeen) expect(next).toBeNull();
					if (next) state = next;
					if (state === 'closed') closedSeen = true;
					if (next) expect(next).not.toBe('transmitted');
				}
			})
		);
	});

	it('are overdue only while waiting for the answer, after their due date', () => {
		expect(isOverdue({ state: 'transmitted', dueOn: '2026-11-22' }, '2026-11-23')).toBe(true);
		expect(isOverdue({ state: 'chased', dueOn: '2026-11-23' }, '2026-11-23')).toBe(false);
		expect(isOverdue({ state: 'answered', dueOn: '2026-11-01' }, '2026-11-23')).toBe(false);
		expect(defaultDueOn('2026-11-23', 'transmit')).toBe('2026-12-08');
		expect(defaultDueOn('2026-11-23', 'chase')).toBe('2026-12-01');
	});

	it('list the waiting cases first, the most overdue first', () => {
		const cases = [
			{ id: 'a', state: 'closed' as const, dueOn: '2026-10-01', transmittedOn: '2026-09-20' },
			{ id: 'b', state: 'chased' as const, dueOn: '2026-11-30', transmittedOn: '2026-11-01' },
			{ id: 'c', state: 'transmitted' as const, dueOn: '2026-11-20', transmittedOn: '2026-11-05' },
			{ id: 'd', state: 'answered' as const, dueOn: '2026-11-10', transmittedOn: '2026-10-25' }
		];
		expect([...cases].sort(compareLevel2Cases).map((c) => c.id)).toEqual(['c', 'b', 'd', 'a']);
	});
});
