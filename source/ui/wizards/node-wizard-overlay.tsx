// The add-node overlay (C-a +): draws nodeWizardView's lines inside the core's overlay frame.
// Reads the nodeWizard slice only; keys go to NodeWizardController through the feature.
import React from 'react';
import {useAppState} from '../app-context.js';
import {nodeWizardView} from './node-wizard-lines.js';
import {WizardViewFrame} from './wizard-view-frame.js';

export function NodeWizardOverlay({width, height}: {width: number; height: number}) {
	const state = useAppState(s => s.nodeWizard);
	const readOnly = useAppState(s => s.readOnly);
	return <WizardViewFrame view={nodeWizardView(state, readOnly)} scroll={state.scroll} width={width} height={height} wrap={false} />;
}
