// What a person typed, exactly as typed: paragraphs and line breaks, no markdown, no HTML.
export interface PlainTextProps {
  text: string;
}

export function PlainText({ text }: PlainTextProps) {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).filter((paragraph) => paragraph.trim() !== '');
  return (
    <div className="forge-text forge-text--plain">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}
