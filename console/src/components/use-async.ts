/** Load something when its inputs change; the page shows loading, the error or the data. */
import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { fieldErrors, type Problem } from '../api/problem.ts';
import { problemOf } from './ui.tsx';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * A form's action: runs one call at a time (`busy`), keeping the problem of a failure for the page
 * to show (under the inputs its errors name, through `errors`).
 */
export function useAction() {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (act: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await act();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, errors: fieldErrors(problem), run };
}
