import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { settingsPages } from './settings-pages';
import './settings.css';

export function SettingsPage() {
  const can = useCan();
  const visible = settingsPages.filter((entry) => can(entry.permission));
  return (
    <>
      <h1>Settings</h1>
      <ul className="settings-list" aria-label="Settings pages">
        {visible.map((entry) => (
          <li key={entry.path}>
            <Link to={entry.path}>{entry.title}</Link>
            <p>{entry.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
