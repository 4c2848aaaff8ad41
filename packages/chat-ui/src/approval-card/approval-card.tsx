// An action the agent is waiting to take on the user's machine ("The agent wants to run: …"):
// the command and its folder, the files it would change, or the host it would reach — shown
// verbatim in code elements, never rendered as Markdown, invisible characters spelled out —
// with Allow once / Decline, and the answer once given.
import { useId, useState } from 'react';
import type { ReactNode } from 'react';

import type { ChatActions, ChatApprovalDecision, ChatApprovalPart, ChatApprovalRequest, ChatFileChange } from '../chat-types.ts';
import { CheckIcon, CloseIcon, FileIcon, GlobeIcon, ShieldIcon, TerminalIcon } from '../icons/icons.tsx';
import { hasInvisible, revealInvisible } from './reveal-invisible.tsx';

export interface ApprovalCardProps {
  approval: ChatApprovalPart;
  actions?: ChatActions | undefined;
}

function title(request: ChatApprovalRequest): string {
  switch (request.kind) {
    case 'command':
      return request.writesToRunningCommand === true ? 'The agent wants to type into a running command:' : 'The agent wants to run:';
    case 'file-change':
      return request.files.length === 1 ? 'The agent wants to change a file:' : 'The agent wants to change files:';
    case 'network':
      return 'The agent wants to reach the network:';
    case 'permissions':
      return 'The agent wants more access:';
    default:
      return request satisfies never;
  }
}

function icon(request: ChatApprovalRequest): ReactNode {
  switch (request.kind) {
    case 'command':
      return <TerminalIcon />;
    case 'file-change':
      return <FileIcon />;
    case 'network':
      return <GlobeIcon />;
    case 'permissions':
      return <ShieldIcon />;
    default:
      return request satisfies never;
  }
}

function waitingText(request: ChatApprovalRequest): string {
  switch (request.kind) {
    case 'command':
      return 'Nothing runs until you answer.';
    case 'network':
      return 'Nothing connects until you answer.';
    case 'file-change':
    case 'permissions':
      return 'Nothing changes until you answer.';
    default:
      return request satisfies never;
  }
}

const changeLabels: Record<ChatFileChange['change'], string> = { add: 'Add', delete: 'Delete', update: 'Update' };

/** A code element with the agent's text as it is. */
function Verbatim({ text, block = false }: { text: string; block?: boolean }) {
  const content = <code>{revealInvisible(text)}</code>;
  return block ? (
    <pre className="forge-approval__code" tabIndex={0}>
      {content}
    </pre>
  ) : (
    <span className="forge-approval__inline">{content}</span>
  );
}

function Folder({ cwd }: { cwd: string }) {
  return (
    <p className="forge-approval__where">
      in <Verbatim text={cwd} />
    </p>
  );
}

function Details({ request }: { request: ChatApprovalRequest }) {
  switch (request.kind) {
    case 'command':
      return (
        <>
          <Verbatim text={request.command} block />
          {request.cwd === '' ? null : <Folder cwd={request.cwd} />}
        </>
      );
    case 'file-change':
      return (
        <>
          <ul className="forge-approval__files">
            {request.files.map((file, index) => (
              <li key={`${file.path}-${String(index)}`} className="forge-approval__file">
                <p className="forge-approval__file-name">
                  <span className="forge-badge">{changeLabels[file.change]}</span> <Verbatim text={file.path} />
                  {file.movePath === undefined ? null : (
                    <>
                      {' '}→ <Verbatim text={file.movePath} />
                    </>
                  )}
                </p>
                {file.diff === undefined ? null : <Verbatim text={file.diff} block />}
              </li>
            ))}
          </ul>
          {request.files.length === 0 ? <p className="forge-approval__where">Codex did not say which files.</p> : null}
          {request.grantRoot === undefined ? null : (
            <p className="forge-approval__where">
              and to write anywhere under <Verbatim text={request.grantRoot} /> for the rest of this chat
            </p>
          )}
        </>
      );
    case 'network':
      return (
        <>
          <Verbatim text={`${request.protocol}://${request.host}`} block />
          {request.command === undefined ? null : (
            <p className="forge-approval__where">
              for <Verbatim text={request.command} />
            </p>
          )}
          {request.cwd === undefined ? null : <Folder cwd={request.cwd} />}
        </>
      );
    case 'permissions':
      return (
        <>
          <ul className="forge-approval__files">
            {request.permissions.map((permission, index) => (
              <li key={`${permission}-${String(index)}`}>
                <Verbatim text={permission} />
              </li>
            ))}
          </ul>
          {request.cwd === undefined ? null : <Folder cwd={request.cwd} />}
        </>
      );
    default:
      return request satisfies never;
  }
}

function texts(request: ChatApprovalRequest): string[] {
  switch (request.kind) {
    case 'command':
      return [request.command, request.cwd];
    case 'file-change':
      return request.files.flatMap((file) => [file.path, file.movePath ?? '', file.diff ?? '']);
    case 'network':
      return [request.host, request.command ?? '', request.cwd ?? ''];
    case 'permissions':
      return request.permissions;
    default:
      return request satisfies never;
  }
}

export function ApprovalCard({ approval, actions }: ApprovalCardProps) {
  const titleId = useId();
  const [answered, setAnswered] = useState<ChatApprovalDecision | undefined>();
  const { request, status } = approval;
  const pending = status === 'pending';
  const answer = (decision: ChatApprovalDecision): void => {
    setAnswered(decision);
    actions?.onAnswerApproval?.(approval.id, decision);
  };

  return (
    <section className="forge-approval" aria-labelledby={titleId} data-status={status} data-kind={request.kind}>
      <header className="forge-approval__header">
        <span className="forge-approval__icon">{icon(request)}</span>
        <h3 id={titleId} className="forge-approval__title">
          {title(request)}
        </h3>
      </header>

      <div className="forge-approval__body">
        <Details request={request} />
        {texts(request).some(hasInvisible) ? (
          <p className="forge-approval__warning" role="note">
            This contains invisible characters, shown as ⟨U+…⟩.
          </p>
        ) : null}
        {request.reason === undefined ? null : (
          <p className="forge-approval__reason">
            The agent’s reason: <span className="forge-approval__reason-text">{revealInvisible(request.reason)}</span>
          </p>
        )}
      </div>

      <footer className="forge-approval__footer">
        <p className="forge-approval__status" role="status">
          {pending && waitingText(request)}
          {status === 'allowed' && (
            <span className="forge-approval__outcome forge-approval__outcome--allowed">
              <CheckIcon /> Allowed once
            </span>
          )}
          {status === 'declined' && (
            <span className="forge-approval__outcome forge-approval__outcome--declined">
              <CloseIcon /> Declined
            </span>
          )}
        </p>
        {pending && actions?.onAnswerApproval !== undefined && (
          <div className="forge-approval__buttons">
            <button type="button" className="forge-button forge-button--small forge-button--ghost" disabled={answered !== undefined} onClick={() => answer('decline')}>
              Decline
            </button>
            <button type="button" className="forge-button forge-button--small forge-button--primary" disabled={answered !== undefined} onClick={() => answer('allow-once')}>
              Allow once
            </button>
          </div>
        )}
      </footer>
    </section>
  );
}
