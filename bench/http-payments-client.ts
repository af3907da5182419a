// The payments benchmark's HTTP client, in a process of its own (forked by payments.bench.ts): a
// caller of the API is another program, and a client sharing the server's event loop would count
// its own work (building requests, parsing responses) as the server's time. It posts oldest-first
// payments over keep-alive connections, one per payment in flight, and sends back the latencies.
import { Agent, request } from 'node:http';
import { loadPayments, type PaymentRequest } from './payment-load.js';

export interface HttpPhaseOrder {
  readonly label: string;
  readonly count: number;
  readonly seconds: number;
  readonly endpoint: string;
  readonly token: string;
  readonly receivedOn: string;
  readonly customers: readonly string[];
}

function post(agent: Agent, order: HttpPhaseOrder, payment: PaymentRequest): Promise<void> {
  const body = JSON.stringify({
    customer_id: payment.customerId,
    amount: payment.amount,
    reference: payment.reference,
    received_on: order.receivedOn,
    apply: 'oldest_first',
  });
  return new Promise((resolve, reject) => {
    const req = request(
      order.endpoint,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${order.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 201) resolve();
          else reject(new Error(`${response.statusCode}: ${Buffer.concat(chunks).toString()}`));
        });
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

process.once('message', (order: HttpPhaseOrder) => {
  const agent = new Agent({ keepAlive: true, maxSockets: order.count });
  void loadPayments(order.label, order.count, order.customers, order.seconds, (payment) =>
    post(agent, order, payment),
  ).then((result) => {
    agent.destroy();
    process.send!(result, () => process.disconnect());
  });
});
