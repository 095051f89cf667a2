import { DynamoDBClient, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../local/runtime/dynamodb-local.ts';
import { freePort } from '../../local/runtime/ports.ts';
const ddb = await startDynamoDbLocal({ port: await freePort() });
const db = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
const doc = DynamoDBDocumentClient.from(db);
await db.send(new CreateTableCommand({ TableName: 'ttt', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] }));
let n = 0;
const tx = async (size: number, count: number, conc: number) => {
  let items = 0; const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { for (let i = 0; i < count / conc; i++) {
    const TransactItems = Array.from({ length: size }, () => { const id = `I#${n++}`; return { Put: { TableName: 'ttt', Item: { pk: id, sk: id, e: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } }; });
    await doc.send(new TransactWriteCommand({ TransactItems })); items += size; } }));
  return items / ((performance.now() - t) / 1000);
};
const upd = async (count: number, conc: number) => {
  const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { for (let i = 0; i < count / conc; i++) {
    await doc.send(new UpdateCommand({ TableName: 'ttt', Key: { pk: `C#${i % 50}`, sk: `v${n++ % 3000}` }, UpdateExpression: 'SET #fr = :r ADD #a :v', ConditionExpression: 'attribute_not_exists(#fr) OR #fr < :r', ExpressionAttributeNames: { '#fr': 'fr', '#a': 'a' }, ExpressionAttributeValues: { ':r': n, ':v': 1 } })); } }));
  return count / ((performance.now() - t) / 1000);
};
const txupd = async (count: number, conc: number, size: number) => {
  const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async (_, w) => { for (let i = 0; i < count / conc / size; i++) {
    const r = n++;
    const TransactItems = Array.from({ length: size }, (_, j) => ({ Update: { TableName: 'ttt', Key: { pk: `C#${w}`, sk: `v${j}` }, UpdateExpression: 'SET #fr = :r ADD #a :v', ConditionExpression: 'attribute_not_exists(#fr) OR #fr < :r', ExpressionAttributeNames: { '#fr': 'fr', '#a': 'a' }, ExpressionAttributeValues: { ':r': r, ':v': 1 } } }));
    await doc.send(new TransactWriteCommand({ TransactItems })); } }));
  return count / ((performance.now() - t) / 1000);
};
const raw = async (count: number) => {
  const t = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => { for (let i = 0; i < count / 16 / 25; i++) {
    await doc.send(new BatchWriteCommand({ RequestItems: { ttt: Array.from({ length: 25 }, () => ({ PutRequest: { Item: { pk: `R#${n++}`, sk: 'E', body: 'x'.repeat(600) } } })) } })); } }));
  return count / ((performance.now() - t) / 1000);
};
await tx(67, 40, 4); await raw(4000); await upd(1000, 16); await txupd(1000, 2, 100);
for (let k = 0; k < 2; k++) {
  let t = performance.now();
  await Promise.all([tx(67, 240, 3), upd(4000, 16)]);
  console.log('16k tx items + 4000 plain updates', Math.round(performance.now() - t), 'ms');
  t = performance.now();
  await Promise.all([tx(67, 240, 3), txupd(4000, 2, 100)]);
  console.log('16k tx items + 4000 tx updates', Math.round(performance.now() - t), 'ms');
  t = performance.now();
  await tx(67, 240, 4);
  console.log('16k tx items alone', Math.round(performance.now() - t), 'ms');
}
await ddb.stop(); db.destroy();
