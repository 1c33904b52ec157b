/**
 * The types `defineConfig` checks a config with: the names a config declares (upstreams, auth
 * providers, routes) are inferred, and every place that refers to one must use a declared name,
 * so tsc and the editor catch `upstream: 'order'` and complete `'orders'`. A template rewrite
 * (`rewrite: { path: '/internal/accounts/:id' }`) may only use parameters its route's
 * `match.path` captures. All of this is types only; the runtime schema (zod) is unchanged and
 * still checks JSON and YAML configs, and these types are built from its input types.
 */
import type {
  AuthProviderConfig,
  RouteAuthConfig,
  RouteConfig,
  RouteTestConfig,
  UpstreamConfig,
  UserConfig,
} from './schema/index.js';

/** `auth` on a route, with provider names from the config's `auth`. */
export type TypedRouteAuth<A extends string> =
  | false
  | A
  | readonly A[]
  | (Omit<Extract<RouteAuthConfig, { providers: unknown }>, 'providers'> & { providers: A | readonly A[] });

/** A route whose `upstream` and `auth` name declared upstreams and providers. */
export type TypedRoute<U extends string, A extends string> = Omit<RouteConfig, 'upstream' | 'auth'> & {
  /** Name of the upstream that serves this route (or give `respond`). */
  upstream?: U;
  /** Who may call this route: provider name(s) from `auth`, or `false` for public. */
  auth?: TypedRouteAuth<A>;
};

/** A test case whose `expect.route` and `expect.upstream` are declared names. */
export type TypedRouteTest<R extends string, U extends string> = Omit<RouteTestConfig, 'expect'> & {
  expect: Omit<RouteTestConfig['expect'], 'route' | 'upstream'> & {
    /** Route name, or `null` for "no route matches". */
    route?: R | null;
    upstream?: U;
  };
};

type IdentifierChar =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z'
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z'
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '_';

/** The identifier at the start of `S`: `id/x` → `id`. */
type LeadingName<S extends string, Name extends string = ''> = S extends `${infer C}${infer Rest}`
  ? C extends IdentifierChar
    ? LeadingName<Rest, `${Name}${C}`>
    : Name
  : Name;

/** The `:name` parameters of a path pattern or template: `/users/:id/orders/:oid` → `'id' | 'oid'`. */
export type PathParams<P extends string> = P extends `${string}:${infer Rest}`
  ? LeadingName<Rest> | PathParams<Rest>
  : never;

/** A route's rewrite template, when its parameters are not all captured: what it must be instead. */
type RewriteProblem<Route> = Route extends {
  match: { path: infer P extends string };
  rewrite: { path: infer T extends string };
}
  ? string extends P | T
    ? never
    : Exclude<PathParams<T>, PathParams<P>> extends infer Missing extends string
      ? [Missing] extends [never]
        ? never
        : `rewrite.path "${T}" uses :${Missing}, which match.path "${P}" does not capture`
      : never
  : never;

/**
 * Each route as written, except that a rewrite template using a parameter its `match.path` lacks
 * must be a message saying so, which makes tsc report it at that `rewrite.path`.
 */
export type CheckedRoutes<Routes extends readonly unknown[]> = {
  [K in keyof Routes]: [RewriteProblem<Routes[K]>] extends [never]
    ? Routes[K]
    : Omit<Routes[K], 'rewrite'> & {
        rewrite: Omit<Routes[K] extends { rewrite: infer W } ? W : never, 'path'> & {
          path: RewriteProblem<Routes[K]>;
        };
      };
};

/** The config `defineConfig` takes: `UserConfig` with every reference checked against the declared names. */
export type TypedConfig<
  U extends string,
  A extends string,
  Routes extends readonly TypedRoute<NoInfer<U>, NoInfer<A>>[],
> = Omit<UserConfig, 'upstreams' | 'auth' | 'routes' | 'tests' | 'defaults'> & {
  /** Named pools of instances. @example { users: 'http://127.0.0.1:4001' } */
  upstreams?: { [Name in U]: UpstreamConfig };
  /** Named authentication providers, referred to by routes. */
  auth?: { [Name in A]: AuthProviderConfig };
  /** Settings for routes that do not say otherwise. */
  defaults?: {
    /** Auth for routes without an `auth` key. **Without it, such routes are public.** */
    auth?: TypedRouteAuth<NoInfer<A>>;
  };
  /** Ordered: the first matching route wins (a higher `priority` goes first). */
  routes: [RewriteProblem<Routes[number]>] extends [never] ? Routes : CheckedRoutes<Routes>;
  /** Route test cases for `gateway test`. */
  tests?: readonly TypedRouteTest<NoInfer<Routes[number]['name']>, NoInfer<U>>[];
};
