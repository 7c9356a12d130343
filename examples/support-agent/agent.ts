// A deterministic help-desk agent in two releases. It reads the conversation so far, decides
// which tools to call (through ctx.tools, so every call lands in the trajectory) and answers.
import type { Case, FunctionTargetContext } from '../../src/index.js';

interface Release {
  /** Look the order up before refunding (release 2), or refund straight away (release 1). */
  readonly checksBeforeRefund: boolean;
  /** Hand angry customers and large refunds to a person (release 2). */
  readonly escalates: boolean;
  /** Order ids as written: release 2's new parser only accepts upper case (its regression). */
  readonly orderId: RegExp;
}

export const releases: { readonly [name: string]: Release } = {
  v1: { checksBeforeRefund: false, escalates: false, orderId: /\b[Aa]-\d{4}\b/ },
  v2: { checksBeforeRefund: true, escalates: true, orderId: /\bA-\d{4}\b/ },
};

interface Order {
  id: string;
  status: string;
  total: number;
  daysSinceDelivery?: number;
  item: string;
}

export function agent(release: Release) {
  return async (testCase: Case, ctx: FunctionTargetContext): Promise<string> => {
    const tools = ctx.tools;
    if (!tools) throw new Error('the support agent needs the eval to declare its tools');
    const said = (testCase.input as { role: string; content: unknown }[])
      .filter((m) => m.role === 'user')
      .map((m) => (typeof m.content === 'string' ? m.content : ''));
    const all = said.join('\n');
    const id = [...said]
      .reverse()
      .map((s) => release.orderId.exec(s)?.[0])
      .find(Boolean)
      ?.toUpperCase();
    const angry = /\b(furious|unacceptable|ridiculous|lawyer|worst)\b/i.test(all);
    const wantsRefund = /\b(refund|money back|return)\b/i.test(all);
    const wantsStatus = /\b(where|status|track|arrive)\b/i.test(all);

    if (release.escalates && angry) {
      const ticket = (await tools.call('escalate', { reason: 'upset customer', ...(id && { orderId: id }) })) as {
        ticket: string;
      };
      return `I'm sorry about this. A senior colleague will contact you today (ticket ${ticket.ticket}).`;
    }
    if (!wantsRefund && !wantsStatus) return 'How can I help you with your order today?';
    if (!id) return 'Which order number is this about? It looks like A-1234.';
    if (wantsStatus && !wantsRefund) {
      const order = (await tools.call('lookup_order', { id })) as Order;
      return `Order ${order.id} (${order.item}) is ${order.status}.`;
    }
    if (!release.checksBeforeRefund) {
      try {
        const r = (await tools.call('refund', { orderId: id })) as { refundId: string; amount: number };
        return `Done: refund ${r.refundId} of $${r.amount} is on its way.`;
      } catch {
        return `I could not refund order ${id}.`;
      }
    }
    const order = (await tools.call('lookup_order', { id })) as Order;
    if (order.status !== 'delivered') return `Order ${order.id} is ${order.status}, so it cannot be refunded yet.`;
    if ((order.daysSinceDelivery ?? 0) > 30) return `Order ${order.id} is outside the 30-day refund window.`;
    if (order.total > 500) {
      const ticket = (await tools.call('escalate', { reason: 'refund over $500', orderId: order.id })) as {
        ticket: string;
      };
      return `Refunds over $500 need a colleague's approval; I have opened ticket ${ticket.ticket}.`;
    }
    const r = (await tools.call('refund', { orderId: order.id })) as { refundId: string; amount: number };
    return `Done: refund ${r.refundId} of $${r.amount} is on its way.`;
  };
}
