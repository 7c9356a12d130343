// The help desk's tools, as the eval declares them (`result: { module: ./tools.ts, export: … }`).
// Deterministic: the same call always gives the same result.
import { ORDERS } from './orders.js';

export function lookupOrder(args: { id?: string }): unknown {
  const order = ORDERS[String(args?.id ?? '').toUpperCase()];
  if (!order) throw new Error(`no order ${String(args?.id)}`);
  return order;
}

export function refund(args: { orderId?: string; reason?: string }): unknown {
  const order = ORDERS[String(args?.orderId ?? '').toUpperCase()];
  if (!order) throw new Error(`no order ${String(args?.orderId)}`);
  if (order.status !== 'delivered')
    throw new Error(`order ${order.id} is ${order.status}; only delivered orders are refunded`);
  return { refundId: `R-${order.id.slice(2)}`, amount: order.total, orderId: order.id };
}

export function escalate(args: { reason?: string; orderId?: string }): unknown {
  return { ticket: `T-${(args?.orderId ?? 'GEN').replace(/\W/g, '')}`, queue: 'tier-2', reason: args?.reason ?? '' };
}
