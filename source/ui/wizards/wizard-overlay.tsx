// The wizard overlay (C-a W): draws wizardView's lines inside the core's overlay frame. Reads the
// wizard slice only; every key goes to the WizardController through the feature registration.
import React from 'react';
import type {WizardDefinition} from '../../domain/wizards/wizard-form.js';
import {useAppState} from '../app-context.js';
import {wizardView} from './wizard-lines.js';
import {WizardViewFrame} from './wizard-view-frame.js';

export function makeWizardOverlay(definitions: WizardDefinition[], menu?: ReadonlyArray<{title: string; summary: string}>) {
	return function WizardOverlay({width, height}: {width: number; height: number}) {
		const wizard = useAppState(s => s.wizard);
		const readOnly = useAppState(s => s.readOnly);
		return <WizardViewFrame view={wizardView(wizard, definitions, readOnly, menu)} scroll={wizard.scroll} width={width} height={height} />;
	};
}
