/**
 * The types `defineConfig` checks a config with: the names a config declares (upstreams, auth
 * providers, routes) are inferred, and every place that refers to one must use a declared name,
 * so tsc and the editor catch `upstream: 'order'` and complete `'orders'`. A template rewrite
 * (`rewrite: { path: '/internal/accounts/:id' }`) may only use parameters its route's
 * `match.path` captures. A name that is only known as `string` (built at run time, imported from
 * an untyped module) is accepted: the loader and `gateway lint` check it. All of this is types
 * only; the runtime schema (zod) is unchanged and still checks JSON and YAML configs, and these
 * types are built from its input types.
 */
import type {
  AuthProviderConfig,
  RouteAuthConfig,
  RouteConfig,
  RouteTestConfig,
  UpstreamConfig,
  UserConfig,
} from './schema/index.js';

/**
 * "Any other string": a `U | OtherName` position completes the names in `U` yet accepts a
 * string; the literal ones are then checked by `CheckedRoutes`/`CheckedTests`.
 */
type OtherName = string & {};

/** `auth` on a route, with provider names from the config's `auth`. */
export type TypedRouteAuth<A extends string> =
  | false
  | A
  | readonly A[]
  | (Omit<Extract<RouteAuthConfig, { providers: unknown }>, 'providers'> & { providers: A | readonly A[] });

/** One side of a traffic split, as the schema takes it. */
type SplitEntry = Extract<NonNullable<RouteConfig['upstream']>, readonly unknown[]>[number];

/** A split whose sides complete the declared upstream names. */
type TypedSplit<U extends string> = readonly (Omit<SplitEntry, 'name'> & { name: U })[];

/** `mirror` on a route, with its upstream completing the declared names. */
type TypedMirror<U extends string> = Omit<NonNullable<RouteConfig['mirror']>, 'upstream'> & { upstream: U };

/**
 * A route as `defineConfig` takes it: `upstream` (one name or each side of a split), `mirror`
 * and `auth` complete the declared names.
 */
export type TypedRoute<U extends string, A extends string> = Omit<
  RouteConfig,
  'upstream' | 'auth' | 'mirror'
> & {
  /** Name of the upstream that serves this route (or give `respond`), or a weighted split. */
  upstream?: U | OtherName | TypedSplit<U | OtherName>;
  /** Copy requests to another upstream (never waited for). */
  mirror?: TypedMirror<U | OtherName>;
  /** Who may call this route: provider name(s) from `auth`, or `false` for public. */
  auth?: TypedRouteAuth<A | OtherName>;
};

/** A test case as `defineConfig` takes it: `expect.route` and `expect.upstream` complete the declared names. */
export type TypedRouteTest<R extends string, U extends string> = Omit<RouteTestConfig, 'expect'> & {
  expect: Omit<RouteTestConfig['expect'], 'route' | 'upstream'> & {
    /** Route name, or `null` for "no route matches". */
    route?: R | OtherName | null;
    upstream?: U | OtherName;
  };
};

/** `V` when it is a literal name that is not in `Known`; `never` for known names and plain `string`. */
type UnknownName<V, Known extends string> = V extends string
  ? string extends V
    ? never
    : V extends Known
      ? never
      : V
  : never;

/** The provider names in a route's `auth`. */
type AuthNames<X> = X extends string
  ? X
  : X extends readonly (infer N)[]
    ? N
    : X extends { providers: infer P }
      ? AuthNames<P>
      : never;

/** Whether `C` may be part of a `:name` (letters, digits, `_`). */
type IsNameChar<C extends string> = C extends '_' | `${number}`
  ? true
  : Uppercase<C> extends Lowercase<C>
    ? false
    : true;

/** The name at the start of `S`: `id/x` → `id`. */
type LeadingName<S extends string, Name extends string = ''> = S extends `${infer C}${infer Rest}`
  ? IsNameChar<C> extends true
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

/** The upstream names in a route's `upstream`: one name, or each side of a split. */
type UpstreamNames<X> = X extends string
  ? X
  : X extends readonly (infer E)[]
    ? E extends { name: infer N }
      ? N
      : never
    : never;

/** The upstream a route's `mirror` names. */
type MirrorName<Route> = Route extends { mirror: { upstream: infer V } } ? V : never;

/** Anything wrong with one route: an unknown upstream or provider, an uncaptured rewrite parameter. */
type RouteProblem<Route, U extends string, A extends string> =
  | UnknownName<UpstreamNames<Route extends { upstream: infer V } ? V : never>, U>
  | UnknownName<MirrorName<Route>, U>
  | UnknownName<AuthNames<Route extends { auth: infer X } ? X : never>, A>
  | RewriteProblem<Route>;

type FixUpstream<Route, U extends string> = [
  UnknownName<UpstreamNames<Route extends { upstream: infer V } ? V : never>, U>,
] extends [never]
  ? Route
  : Omit<Route, 'upstream'> & {
      // The shape the route used, so the error reads `'"order"' is not assignable to '"orders"'`.
      upstream: Route extends { upstream: string } ? U : TypedSplit<U>;
    };

type FixMirror<Route, U extends string> = [UnknownName<MirrorName<Route>, U>] extends [never]
  ? Route
  : Omit<Route, 'mirror'> & { mirror: TypedMirror<U> };

type FixAuth<Route, A extends string> = [
  UnknownName<AuthNames<Route extends { auth: infer X } ? X : never>, A>,
] extends [never]
  ? Route
  : Omit<Route, 'auth'> & { auth: TypedRouteAuth<A> };

type FixRewrite<Route> = [RewriteProblem<Route>] extends [never]
  ? Route
  : Omit<Route, 'rewrite'> & {
      rewrite: Omit<Route extends { rewrite: infer W } ? W : never, 'path'> & { path: RewriteProblem<Route> };
    };

/**
 * The routes as written, except where something is wrong: there, the type says what is allowed
 * (the declared upstream names, the declared providers, a message about the rewrite parameter),
 * so tsc reports the problem at that key.
 */
export type CheckedRoutes<Routes extends readonly unknown[], U extends string, A extends string> = {
  [K in keyof Routes]: FixRewrite<FixAuth<FixMirror<FixUpstream<Routes[K], U>, U>, A>>;
};

/** Route names that are not declared in a test's `expect.route`, and upstreams in `expect.upstream`. */
type TestProblem<Test, R extends string, U extends string> = Test extends { expect: infer E }
  ?
      | UnknownName<E extends { route: infer N } ? N : never, R>
      | UnknownName<E extends { upstream: infer N } ? N : never, U>
  : never;

/** The tests as written, except an unknown name, whose type is then the declared names. */
export type CheckedTests<Tests extends readonly unknown[], R extends string, U extends string> = {
  [K in keyof Tests]: [TestProblem<Tests[K], R, U>] extends [never]
    ? Tests[K]
    : Omit<Tests[K], 'expect'> & {
        expect: Omit<Tests[K] extends { expect: infer E } ? E : never, 'route' | 'upstream'> & {
          route?: R | null;
          upstream?: U;
        };
      };
};

/** The names of `Routes` (`string` when they are not literals). */
export type RouteNames<Routes extends readonly unknown[]> = Routes[number] extends {
  name: infer N extends string;
}
  ? N
  : string;

/** The config `defineConfig` takes: `UserConfig` with every reference checked against the declared names. */
export type TypedConfig<
  U extends string,
  A extends string,
  Routes extends readonly TypedRoute<NoInfer<U>, NoInfer<A>>[],
  Tests extends readonly TypedRouteTest<NoInfer<RouteNames<Routes>>, NoInfer<U>>[],
> = Omit<UserConfig, 'upstreams' | 'auth' | 'routes' | 'tests' | 'defaults'> & {
  /** Named pools of instances. @example { users: 'http://127.0.0.1:4001' } */
  upstreams?: { [Name in U]: UpstreamConfig };
  /** Named authentication providers, referred to by routes. */
  auth?: { [Name in A]: AuthProviderConfig };
  /** Settings for routes that do not say otherwise. */
  defaults?: Omit<NonNullable<UserConfig['defaults']>, 'auth'> & {
    /** Auth for routes without an `auth` key. **Without it, such routes are public.** */
    auth?: TypedRouteAuth<NoInfer<A>>;
  };
  /** Ordered: the first matching route wins (a higher `priority` goes first). */
  routes: [RouteProblem<Routes[number], U, A>] extends [never] ? Routes : CheckedRoutes<Routes, U, A>;
  /** Route test cases for `gateway test`. */
  tests?: [TestProblem<Tests[number], RouteNames<Routes>, U>] extends [never]
    ? Tests
    : CheckedTests<Tests, RouteNames<Routes>, U>;
};
