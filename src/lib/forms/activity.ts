import { isAidantsConnectDuration, mandateEnd } from '$lib/domain/activity';
import { field, optionalField } from './fields';

/**
 * Reads the activity-record form of `/aujourdhui/fiche` into the shape of the contract
 * `activityRecordInput`. The page gives what is not in the form's fields: the day, where the help
 * took place (`place:ref`, a permanence's id has colons of its own), the format chosen, the day an
 * Aidants Connect mandate is signed (the record's) and the end of a mandate already recorded.
 */
export function activityRecordFromForm(
	form: FormData,
	given: {
		date: string;
		context: string;
		format: 'individual' | 'collective';
		signedOn: string;
		recordedUntil: string | null;
	}
): unknown {
	const cut = given.context.indexOf(':');
	const place = given.context.slice(0, cut);
	const ref = given.context.slice(cut + 1);
	const all = (name: string) => form.getAll(name).map(String);
	const custom = Number(form.get('customDuration') ?? '');
	const aidantsScope = all('aidantsScope');
	const aidantsDuration = optionalField(form, 'aidantsDuration');
	return {
		date: given.date,
		place,
		permanenceId: place === 'permanence' ? ref : null,
		homeVisitId: place === 'homeVisit' ? ref : null,
		format: given.format,
		workshop:
			given.format === 'collective'
				? {
						title: field(form, 'workshopTitle'),
						level: String(form.get('workshopLevel') ?? 'beginner'),
						participants: Number(form.get('participants') ?? 0)
					}
				: null,
		person: {
			ageBracket: optionalField(form, 'ageBracket'),
			communeInsee: optionalField(form, 'communeInsee'),
			status: optionalField(form, 'personStatus')
		},
		adminThemes: all('adminThemes'),
		digitalThemes: all('digitalThemes'),
		operator: optionalField(form, 'operator'),
		level: Number(form.get('level') ?? 1),
		autonomy: optionalField(form, 'autonomy'),
		equipment: all('equipment'),
		// The mandate runs from the record's day for one of Aidants Connect's four durations.
		aidantsConnect:
			aidantsScope.length > 0 || aidantsDuration
				? {
						scope: aidantsScope,
						// Left empty, the contract names the missing duration.
						duration: aidantsDuration ?? '',
						until: isAidantsConnectDuration(aidantsDuration)
							? mandateEnd(given.signedOn, aidantsDuration)
							: (given.recordedUntil ?? given.signedOn)
					}
				: null,
		orientations: all('orientations'),
		durationMinutes: custom > 0 ? custom : Number(form.get('duration') ?? 30),
		outcome: String(form.get('outcome') ?? 'resolved'),
		note: field(form, 'note')
	};
}
