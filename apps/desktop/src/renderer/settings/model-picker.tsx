// One model row of Settings: a picker where the account offers a choice, the fixed model otherwise.
import { useId, useState } from 'react';

export interface ModelPickerProps {
  label: string;
  value: string;
  /** Empty or one entry: nothing to pick. */
  choices: string[];
  fixedHint: string;
  onPick: (model: string) => Promise<void>;
}

export function ModelPicker({ label, value, choices, fixedHint, onPick }: ModelPickerProps): React.JSX.Element {
  const id = useId();
  const [saving, setSaving] = useState(false);
  const pick = (model: string): void => {
    setSaving(true);
    void onPick(model).finally(() => setSaving(false));
  };
  return (
    <>
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>
        {choices.length > 1 ? (
          <select id={id} value={value} disabled={saving} onChange={(event) => pick(event.target.value)}>
            {choices.map((model) => (
              <option key={model} value={model}>{model}</option>
            ))}
          </select>
        ) : (
          <>
            <output id={id} className="forge-settings__fixed">{value}</output>
            <p className="forge-settings__hint">{fixedHint}</p>
          </>
        )}
      </dd>
    </>
  );
}
