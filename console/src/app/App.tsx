import { Center } from '@mantine/core';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../components/PageState.js';
import { NotAllowed } from '../components/NotAllowed.js';
import { ENROLL_2FA_PATH, SIGN_IN_PATH, type FeatureRoute } from '../lib/feature.js';
import { useSession } from '../lib/session.js';
import { nav, routes } from './features.js';
import { ServerBanner, Shell } from './Shell.js';

/** Signed in, `GET /me` loaded, and 2FA enrollment done (or the route is the enrollment screen itself). */
function RequireSession({
  children,
  allowEnrollment = false,
}: {
  children: React.ReactNode;
  allowEnrollment?: boolean;
}) {
  const { token, me, meLoading, meError } = useSession();
  const location = useLocation();
  if (!token)
    return <Navigate to={`${SIGN_IN_PATH}?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (meLoading) return <Loading label="Signing you in…" />;
  if (!me)
    return (
      <>
        <ServerBanner />
        <Center p="md">
          <ErrorState error={meError} />
        </Center>
      </>
    );
  if (me.enrollmentRequired && !allowEnrollment) return <Navigate to={ENROLL_2FA_PATH} replace />;
  return <>{children}</>;
}

function Gate({ route }: { route: FeatureRoute }) {
  const { me } = useSession();
  const C = route.component;
  if (route.menu && !me?.menus.includes(route.menu)) return <NotAllowed />;
  return <C />;
}

function Home() {
  const { me } = useSession();
  const first = nav.find((n) => me?.menus.includes(n.menu));
  return first ? <Navigate to={first.to} replace /> : <EmptyState>No menu is available to your role.</EmptyState>;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        {routes
          .filter((r) => r.public)
          .map((r) => (
            <Route
              key={r.path}
              path={r.path}
              element={
                <>
                  <ServerBanner />
                  <r.component />
                </>
              }
            />
          ))}
        {routes
          .filter((r) => r.bare)
          .map((r) => (
            <Route
              key={r.path}
              path={r.path}
              element={
                <RequireSession allowEnrollment>
                  <ServerBanner />
                  <r.component />
                </RequireSession>
              }
            />
          ))}
        <Route
          element={
            <RequireSession>
              <Shell />
            </RequireSession>
          }
        >
          <Route index element={<Home />} />
          {routes
            .filter((r) => !r.public && !r.bare)
            .map((r) => (
              <Route key={r.path} path={r.path} element={<Gate route={r} />} />
            ))}
          <Route path="*" element={<EmptyState>Page not found.</EmptyState>} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
