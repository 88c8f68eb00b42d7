import type { Generated } from 'kysely';

/**
 * Row types of the server database, shared by SQLite and PostgreSQL.
 * Portable column choices: timestamps are ISO-8601 UTC text (sorts correctly and reads the
 * same from both drivers), booleans are 0/1 integers, structured values are JSON text.
 */
export interface CommuneTable {
	insee: string;
	name: string;
	/** JSON array of postcodes. */
	postcodes: string;
	population: number;
	lat: number;
	lon: number;
	/** The MDS of the commune's sector (a relay organisation of kind solidarityHouse), once imported. */
	mds_id: string | null;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface VehicleTable {
	id: string;
	name: string;
	registration: string | null;
	notes: string;
	created_at: string;
	updated_at: string;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface TourTable {
	id: string;
	number: number;
	name: string;
	colour: string;
	vehicle_id: string | null;
	created_at: string;
	updated_at: string;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface SiteTable {
	id: string;
	kind: string;
	commune_insee: string;
	name: string;
	/** How the deliberation spells the place when it differs from the official name. */
	source_name: string | null;
	address: string;
	access_notes: string;
	address_to_confirm: number;
	lat: number;
	lon: number;
	/** JSON array of OpeningSlot. */
	opening_slots: string;
	status: string;
	closing_on: string | null;
	redirect_name: string | null;
	redirect_address: string | null;
	redirect_phone: string | null;
	/** The relay organisation (a France Services being labelled) whose opening ends this site. */
	replaced_by: string | null;
	tour_id: string | null;
	created_at: string;
	updated_at: string;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface OperatorTable {
	id: string;
	name: string;
	short_name: string;
	description: string;
	sort_order: number;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface RelayOrganisationTable {
	id: string;
	kind: string;
	name: string;
	commune_insee: string;
	address: string;
	phone: string | null;
	email: string | null;
	to_confirm: number;
	active: number;
	created_at: string;
	updated_at: string;
	/** Server version of the row's last change (sync_state.version at that time). */
	version: Generated<number>;
}

export interface UserTable {
	id: string;
	email: string;
	display_name: string;
	role: string;
	password_hash: string;
	adviser_kind: string | null;
	tour_id: string | null;
	relay_organisation_id: string | null;
	active: number;
	is_demo: number;
	created_at: string;
	updated_at: string;
}

export interface SessionTable {
	/** HMAC-SHA-256 of the cookie token: a database leak yields no usable session. */
	id: string;
	user_id: string;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
	user_agent: string;
	revoked_at: string | null;
}

export interface LoginAttemptTable {
	id: string;
	/** `account:<email>` or `ip:<address>`. */
	key: string;
	attempted_at: string;
	succeeded: number;
}

export interface AuditLogTable {
	id: string;
	at: string;
	actor_user_id: string | null;
	action: string;
	object_type: string;
	object_id: string;
	/** JSON object with the changed fields (never passwords). */
	details: string;
}

export interface ServerSettingTable {
	key: string;
	value: string;
}

export interface SyncStateTable {
	key: string;
	value: number;
}

export interface SyncTombstoneTable {
	version: number;
	entity: string;
	entity_id: string;
	/** Who must forget the row: `all`, `tour:<id>` or `relay:<id>`. */
	scope: string;
}

export interface SyncClientTable {
	client_id: string;
	user_id: string;
	last_mutation_id: number;
	created_at: string;
	last_seen_at: string;
}

export interface SyncOutcomeTable {
	client_id: string;
	mutation_id: number;
	name: string;
	/** applied | rejected | conflict */
	status: string;
	reason: string | null;
	/** JSON: conflict details. */
	details: string | null;
	version: number;
	at: string;
}

export interface SyncFailureTable {
	client_id: string;
	mutation_id: number;
	error: string;
	count: number;
}

export interface SitePatternTable {
	site_id: string;
	tour_id: string;
	weekday: number;
	period: string;
	/** `odd` (1st and 3rd weekday of the month) or `even` (2nd and 4th). */
	weeks: string;
	updated_at: string;
	version: Generated<number>;
}

export interface PermanenceTable {
	/** Stable planner id `site:YYYY-MM:n` (n = 1 or 2, the occurrence in the month). */
	id: string;
	site_id: string;
	tour_id: string;
	date: string;
	period: string;
	start_time: string;
	end_time: string;
	/** JSON array of the two advisers' user ids. */
	adviser_ids: string;
	/** The working plan: planned | cancelled. Changes reach the public only through "Publier". */
	status: string;
	/** Why the working plan differs from what was published (becomes the notice's reason). */
	change_reason: string | null;
	/** What the public was told (null until first published): published | cancelled. */
	public_status: string | null;
	public_date: string | null;
	public_period: string | null;
	public_start: string | null;
	public_end: string | null;
	pattern_date: string | null;
	/** JSON array of French sentences. */
	explanations: string;
	/** iCalendar SEQUENCE, raised on every change after publication. */
	sequence: Generated<number>;
	published_at: string | null;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

export interface PermanenceNoticeTable {
	id: string;
	permanence_id: string;
	site_id: string;
	/** moved | cancelled */
	kind: string;
	reason: string;
	old_date: string;
	old_period: string;
	old_start: string;
	old_end: string;
	new_date: string | null;
	new_period: string | null;
	new_start: string | null;
	new_end: string | null;
	created_by: string | null;
	created_at: string;
	version: Generated<number>;
}

export interface AbsenceTable {
	id: string;
	user_id: string;
	from_date: string;
	to_date: string;
	/** morning | afternoon | null (whole days) */
	period: string | null;
	reason: string;
	created_by: string | null;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

export interface HomeVisitRequestTable {
	id: string;
	relay_organisation_id: string | null;
	created_by: string;
	/** Identity: blanked by the retention job (`anonymised_at`). */
	person_name: string;
	person_phone: string;
	commune_insee: string;
	street: string;
	access_notes: string;
	/** JSON array of MobilityReason. */
	reasons: string;
	operator_id: string | null;
	subject: string;
	/** JSON { weekdays, periods, from, to, note }. */
	availability: string;
	consent_at: string;
	tour_id: string | null;
	status: string;
	status_reason: string | null;
	slot_date: string | null;
	slot_period: string | null;
	slot_start: string | null;
	slot_end: string | null;
	closed_at: string | null;
	anonymised_at: string | null;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

export interface HomeVisitEventTable {
	id: string;
	request_id: string;
	at: string;
	actor_user_id: string | null;
	from_status: string | null;
	to_status: string;
	reason: string | null;
	/** JSON { date, period, start, end }. */
	slot: string | null;
}

export interface ActivityRecordTable {
	id: string;
	adviser_id: string;
	tour_id: string | null;
	date: string;
	place: string;
	permanence_id: string | null;
	home_visit_id: string | null;
	site_id: string | null;
	format: string;
	/** JSON { title, level, participants }. */
	workshop: string | null;
	age_bracket: string | null;
	person_commune_insee: string | null;
	person_status: string | null;
	/** JSON arrays of codes (lib/domain/activity.ts). */
	admin_themes: string;
	digital_themes: string;
	operator: string | null;
	level: number;
	autonomy: string | null;
	equipment: string;
	/** JSON { scope, until }. */
	aidants_connect: string | null;
	orientations: string;
	duration_minutes: number;
	outcome: string;
	note: string;
	lists_version: number;
	created_at: string;
	/** Its last correction; null when never corrected. */
	updated_at: string | null;
	version: Generated<number>;
}

/** An operator's named correspondent, to whom advisers hand level-2 requests. */
export interface OperatorCorrespondentTable {
	id: string;
	operator_id: string;
	name: string;
	title: string;
	email: string | null;
	phone: string | null;
	area: string;
	active: Generated<number>;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

/** A level-2 handover followed until closed (lib/domain/level2.ts). */
export interface Level2CaseTable {
	id: string;
	activity_record_id: string;
	adviser_id: string;
	tour_id: string | null;
	operator: string;
	correspondent_id: string | null;
	subject: string;
	contact: string | null;
	state: string;
	transmitted_on: string;
	due_on: string;
	chase_count: Generated<number>;
	last_chased_on: string | null;
	answered_on: string | null;
	closed_on: string | null;
	note: Generated<string>;
	contact_erased_at: string | null;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

/** A digital-skills diagnostic (lib/domain/diagnostic.ts), scored by the server. */
export interface DiagnosticTable {
	id: string;
	adviser_id: string;
	tour_id: string | null;
	date: string;
	questionnaire_version: number;
	follow_up_code: string | null;
	commune_insee: string | null;
	/** JSON: answers by question id; conditions of access; score and level by area; recommendations. */
	answers: string;
	access: string;
	areas: string;
	overall_level: string;
	overall_score: number;
	recommendations: string;
	created_at: string;
	version: Generated<number>;
}

/** A place of the referral directory (lib/domain/mediation.ts), imported from the national schema. */
export interface MediationPlaceTable {
	/** The national identifier (`id` of the national schema). */
	id: string;
	kind: string;
	name: string;
	address: string;
	address_detail: string | null;
	postcode: string;
	commune_name: string;
	commune_insee: string | null;
	lat: number;
	lon: number;
	approximate_position: number;
	opening_hours: string | null;
	opening_hours_text: string | null;
	phone: string | null;
	/** JSON arrays of strings. */
	emails: string;
	websites: string;
	appointment_url: string | null;
	services: string;
	typologies: string;
	publics: string;
	access_modes: string;
	fees: string;
	summary: string | null;
	source: string | null;
	pivot: string;
	updated_on: string;
	active: Generated<number>;
	/** Hash of what the last import said of the place: the same file again changes nothing. */
	fingerprint: string;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
}

/** The département's own rules: one row, id `departement` (lib/domain/local-rules.ts). */
export interface LocalRulesTable {
	id: string;
	min_spacing_days: number;
	level2_response_days: number;
	/** 1 or 0. */
	crew_with_digital_adviser: number;
	idle_lock_minutes: Generated<number>;
	updated_at: string;
	updated_by: string | null;
	version: Generated<number>;
}

export interface Database {
	communes: CommuneTable;
	vehicles: VehicleTable;
	tours: TourTable;
	sites: SiteTable;
	operators: OperatorTable;
	relay_organisations: RelayOrganisationTable;
	users: UserTable;
	sessions: SessionTable;
	login_attempts: LoginAttemptTable;
	audit_log: AuditLogTable;
	server_settings: ServerSettingTable;
	sync_state: SyncStateTable;
	sync_tombstones: SyncTombstoneTable;
	sync_clients: SyncClientTable;
	sync_outcomes: SyncOutcomeTable;
	sync_failures: SyncFailureTable;
	site_patterns: SitePatternTable;
	permanences: PermanenceTable;
	permanence_notices: PermanenceNoticeTable;
	absences: AbsenceTable;
	home_visit_requests: HomeVisitRequestTable;
	home_visit_events: HomeVisitEventTable;
	activity_records: ActivityRecordTable;
	operator_correspondents: OperatorCorrespondentTable;
	level2_cases: Level2CaseTable;
	diagnostics: DiagnosticTable;
	mediation_places: MediationPlaceTable;
	local_rules: LocalRulesTable;
}
