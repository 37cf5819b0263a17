export const Loading = ({ what = 'Chargement' }: { what?: string }) => (
  <p className="socle-loading" role="status" aria-live="polite">
    {what}…
  </p>
);
