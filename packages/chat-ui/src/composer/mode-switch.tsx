// Ask / Agent: a radio group named "Mode" drawn as a segmented control. Native radios, so the
// arrow keys move between the options (and pick them) the way every platform expects.
import { useId } from 'react';

export type ChatMode = 'ask' | 'agent';

export interface ModeSwitchProps {
  mode: ChatMode;
  onModeChange: (mode: ChatMode) => void;
  disabled?: boolean | undefined;
}

const options: { value: ChatMode; label: string; hint: string }[] = [
  { value: 'ask', label: 'Ask', hint: 'Answers in text only; never generates images' },
  { value: 'agent', label: 'Agent', hint: 'May generate images and propose ASSETS.md entries' },
];

export function ModeSwitch({ mode, onModeChange, disabled = false }: ModeSwitchProps) {
  const name = useId();
  return (
    <div className="forge-mode" role="radiogroup" aria-label="Mode" data-disabled={disabled || undefined}>
      {options.map((option) => (
        <label key={option.value} className="forge-mode__option" title={option.hint}>
          <input
            type="radio"
            className="forge-mode__input"
            name={name}
            value={option.value}
            checked={mode === option.value}
            disabled={disabled}
            onChange={() => onModeChange(option.value)}
          />
          <span className="forge-mode__label">{option.label}</span>
        </label>
      ))}
    </div>
  );
}
