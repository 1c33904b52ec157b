/**
 * `grpc/unknown-method` and `soap/unknown-operation`: a route names a gRPC method or SOAP
 * operation its upstream's proto or WSDL does not have. The transform compiler already checks
 * this when it builds the table; these rules report its issues under a rule id.
 */
import type { LintRule } from '../types.js';

const GRPC_METHOD = /^routes\[\d+\]\.grpc(\.method)?$/;
const SOAP_OPERATION = /^routes\[\d+\]\.soap(\.operation)?$/;

export const grpcUnknownMethod: LintRule = {
  id: 'grpc/unknown-method',
  severity: 'error',
  loadError: true,
  description: "A route calls a gRPC method that its upstream's protos do not define.",
  help: "Name the method as `package.Service/Method`, as in the .proto, or use `method: 'annotations'`.",
  check: ({ compileIssues }) => compileIssues.filter((issue) => GRPC_METHOD.test(issue.path)),
};

export const soapUnknownOperation: LintRule = {
  id: 'soap/unknown-operation',
  severity: 'error',
  loadError: true,
  description: "A route calls a SOAP operation that its upstream's WSDL does not define.",
  help: 'Use an operation name from the WSDL (`<wsdl:operation name="…">`).',
  check: ({ compileIssues }) => compileIssues.filter((issue) => SOAP_OPERATION.test(issue.path)),
};

/** Whether a compile issue is reported by one of these rules (the rest mean the config cannot load). */
export function isTransformFinding(path: string): boolean {
  return GRPC_METHOD.test(path) || SOAP_OPERATION.test(path);
}
