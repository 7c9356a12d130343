// The help desk's order book: the tools read it, the agent never does directly.
export interface Order {
  readonly id: string;
  readonly status: 'processing' | 'shipped' | 'delivered' | 'cancelled';
  readonly total: number;
  readonly daysSinceDelivery?: number;
  readonly item: string;
}

export const ORDERS: { readonly [id: string]: Order } = {
  'A-1001': { id: 'A-1001', status: 'delivered', total: 40, daysSinceDelivery: 3, item: 'kettle' },
  'A-1002': { id: 'A-1002', status: 'shipped', total: 120, item: 'headphones' },
  'A-1003': { id: 'A-1003', status: 'delivered', total: 25, daysSinceDelivery: 12, item: 'phone case' },
  'A-1004': { id: 'A-1004', status: 'processing', total: 60, item: 'desk lamp' },
  'A-1005': { id: 'A-1005', status: 'delivered', total: 900, daysSinceDelivery: 2, item: 'laptop' },
  'A-1006': { id: 'A-1006', status: 'delivered', total: 35, daysSinceDelivery: 45, item: 'mug set' },
  'A-1007': { id: 'A-1007', status: 'cancelled', total: 15, item: 'socks' },
  'A-1008': { id: 'A-1008', status: 'delivered', total: 70, daysSinceDelivery: 5, item: 'blender' },
};
