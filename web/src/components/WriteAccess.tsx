// When the server is open to the network, writes need the administrator token: this asks for it (kept for the
// browser session only). On a server bound to this machine, nothing is asked.
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { useEffect, useState } from 'react';
import { getAdminToken, setAdminToken, useApi, type Health } from '../lib/api.js';

export const WriteAccess = () => {
  const health = useApi<Health>('/healthz');
  // Read after the first render: this tab's own token, which a page rendered by the server cannot hold.
  const [token, setToken] = useState('');
  useEffect(() => setToken(getAdminToken()), []);
  if (!health.data || health.data.writes === 'local') return null;
  if (health.data.writes === 'closed') {
    return (
      <div className="fr-alert fr-alert--warning fr-mb-3w">
        <p>Ce serveur est ouvert au réseau sans jeton d’administration : les imports et les périmètres y sont refusés.</p>
      </div>
    );
  }
  return (
    <div className="fr-mb-3w">
      <Input
        label="Jeton d’administration"
        hintText="Demandé par ce serveur pour enregistrer ; il reste dans cet onglet."
        nativeInputProps={{
          type: 'password',
          autoComplete: 'off',
          value: token,
          onChange: (e) => {
            setToken(e.target.value);
            setAdminToken(e.target.value);
          },
        }}
      />
    </div>
  );
};
