import { useId, useState, type FormEvent } from 'react';

/**
 * Username and password, sent with `logOn`; a refusal shows the gateway's words. The password
 * is cleared after every attempt and never kept.
 */
export function LogOnForm({ label, action, disabled, logOn }: { label: string; action: string; disabled?: string; logOn: (username: string, password: string) => Promise<void> }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const name = username.trim();
    if (name === '' || password === '') {
      setMissing(name === '' ? 'Enter a username' : 'Enter the password');
      return;
    }
    setMissing(null);
    setRefusal(null);
    setSending(true);
    logOn(name, password).then(
      () => {
        setSending(false);
        setPassword('');
        setUsername('');
      },
      (error: unknown) => {
        setSending(false);
        setPassword('');
        setRefusal(error instanceof Error ? error.message : String(error));
      },
    );
  };

  return (
    <form className="logon-form" aria-label={label} noValidate onSubmit={submit}>
      <div className="form-field">
        <label htmlFor={`${id}-user`}>Username</label>
        <input id={`${id}-user`} className="text-input" value={username} autoComplete="username" spellCheck={false} onChange={(event) => setUsername(event.target.value)} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} className="text-input" type="password" value={password} autoComplete="current-password" onChange={(event) => setPassword(event.target.value)} />
      </div>
      <button type="submit" className="button button--primary" disabled={sending || disabled !== undefined} title={disabled}>
        {sending ? 'Logging on…' : action}
      </button>
      {missing !== null && (
        <p className="logon-form__problem" role="alert">
          {missing}
        </p>
      )}
      {refusal !== null && (
        <p className="logon-form__problem" role="alert">
          Refused: {refusal}
        </p>
      )}
    </form>
  );
}
