// The form side of a wizard: steps of fields, each with a validator that runs as the admin
// types. The same definitions drive the UI's forms; the CLI commands take the same values as
// flags and reach the same validators through the planners.

export interface WizardField {
	id: string;
	label: string;
	kind: 'text' | 'secret' | 'choice';
	/** For 'choice': the values, cycled with space/left/right. */
	choices?: string[];
	/** A short hint under the field (e.g. "00:16:3e:aa:bb:03"). */
	hint?: string;
	/** Empty is fine for optional fields (validators are skipped then). */
	optional?: boolean | ((values: Readonly<Record<string, string>>) => boolean);
	/** One sentence when the value is wrong, null when it is good; sees the other values too. */
	validate?(value: string, values: Readonly<Record<string, string>>): string | null;
}

export interface WizardFormStep {
	title: string;
	fields: WizardField[];
}

export interface WizardDefinition {
	id: string;
	title: string;
	/** One line for the menu. */
	summary: string;
	steps: WizardFormStep[];
	/** Starting values (from the config: the DIP, the profile, the director's dhcpd.conf…). */
	initial: Record<string, string>;
}

export function fieldError(field: WizardField, values: Readonly<Record<string, string>>): string | null {
	const value = values[field.id] ?? '';
	const optional = typeof field.optional === 'function' ? field.optional(values) : field.optional;
	if (value === '') return optional ? null : `${field.label} is required`;
	if (field.kind === 'choice' && field.choices && !field.choices.includes(value)) return `${field.label} must be one of ${field.choices.join(', ')}`;
	return field.validate?.(value, values) ?? null;
}

/** Errors of one step's fields, by field id (only the wrong ones). */
export function stepErrors(step: WizardFormStep, values: Readonly<Record<string, string>>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const field of step.fields) {
		const error = fieldError(field, values);
		if (error) errors[field.id] = error;
	}
	return errors;
}

export function cycleChoice(field: WizardField, value: string, direction: 1 | -1): string {
	const choices = field.choices ?? [];
	if (choices.length === 0) return value;
	const index = choices.indexOf(value);
	return choices[(index + direction + choices.length) % choices.length];
}
