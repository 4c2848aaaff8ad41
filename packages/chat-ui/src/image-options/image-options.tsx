// The image options next to the composer: size, quality, background and how many variants.
// Each is a native select (keyboard and screen readers for free). Where the backend cannot pass
// an option on, it is shown disabled with the reason beside it — never silently dropped.
import { useId } from 'react';

export type ImageSizeChoice = 'auto' | 'square' | 'landscape' | 'portrait';
export type ImageQualityChoice = 'auto' | 'low' | 'medium' | 'high';
export type ImageBackgroundChoice = 'auto' | 'opaque' | 'transparent';

export interface ImageOptionsValue {
  size: ImageSizeChoice;
  quality: ImageQualityChoice;
  background: ImageBackgroundChoice;
  /** 1–4 variants in one request. */
  count: number;
}

export const defaultImageOptions: ImageOptionsValue = { size: 'auto', quality: 'auto', background: 'auto', count: 1 };

/** The size a choice asks the model for (`WxH`), as the OpenAI image sizes name them. */
export const imageSizes: Readonly<Record<ImageSizeChoice, string>> = { auto: 'auto', square: '1024x1024', landscape: '1536x1024', portrait: '1024x1536' };

/** Why an option is off, for each that is; absent: it works. */
export type ImageOptionsDisabled = Partial<Record<keyof ImageOptionsValue, string>>;

export interface ImageOptionsProps {
  value: ImageOptionsValue;
  onChange: (value: ImageOptionsValue) => void;
  disabledReasons?: ImageOptionsDisabled | undefined;
  /** The whole row is off (a reply is running). */
  disabled?: boolean | undefined;
}

const fields: Array<{ key: keyof ImageOptionsValue; label: string; options: Array<{ value: string; label: string }> }> = [
  {
    key: 'size',
    label: 'Size',
    options: [
      { value: 'auto', label: 'Auto' },
      { value: 'square', label: 'Square' },
      { value: 'landscape', label: 'Landscape' },
      { value: 'portrait', label: 'Portrait' },
    ],
  },
  {
    key: 'quality',
    label: 'Quality',
    options: [
      { value: 'auto', label: 'Auto' },
      { value: 'low', label: 'Low' },
      { value: 'medium', label: 'Medium' },
      { value: 'high', label: 'High' },
    ],
  },
  {
    key: 'background',
    label: 'Background',
    options: [
      { value: 'auto', label: 'Auto' },
      { value: 'opaque', label: 'Opaque' },
      { value: 'transparent', label: 'Transparent' },
    ],
  },
  {
    key: 'count',
    label: 'Count',
    options: [1, 2, 3, 4].map((count) => ({ value: String(count), label: String(count) })),
  },
];

export function ImageOptions({ value, onChange, disabledReasons = {}, disabled = false }: ImageOptionsProps) {
  const id = useId();
  const reasons = [...new Set(Object.values(disabledReasons))];
  return (
    <div className="forge-image-options" role="group" aria-label="Image options">
      <div className="forge-image-options__row">
        {fields.map((field) => {
          const reason = disabledReasons[field.key];
          const off = disabled || reason !== undefined;
          return (
            <label key={field.key} className="forge-image-options__field" data-disabled={off || undefined} title={reason}>
              <span className="forge-image-options__label">{field.label}</span>
              <select
                className="forge-image-options__select"
                value={String(value[field.key])}
                disabled={off}
                aria-describedby={reason === undefined ? undefined : `${id}-${String(reasons.indexOf(reason))}`}
                onChange={(event) => {
                  const next = field.key === 'count' ? Number(event.target.value) : event.target.value;
                  onChange({ ...value, [field.key]: next });
                }}
              >
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
      {reasons.map((reason, index) => (
        <p key={reason} id={`${id}-${String(index)}`} className="forge-image-options__reason">
          {reason}
        </p>
      ))}
    </div>
  );
}
