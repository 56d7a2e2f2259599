// Calls the sample app's /v1/embeddings with the official `openai` npm client and prints what it got as
// one JSON object on stdout (the JUnit test NodeOpenAiClientIT compares it with the model's vectors).
//
//   node openai-client.mjs <baseURL ending in /v1> <apiKey> <model> <dimensions> <text>...
import OpenAI from 'openai';

const [baseURL, apiKey, model, dimensions, ...texts] = process.argv.slice(2);
if (!baseURL || texts.length === 0) {
  console.error('usage: node openai-client.mjs <baseURL> <apiKey> <model> <dimensions> <text>...');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });

function result(response) {
  return {
    object: response.object,
    model: response.model,
    usage: response.usage,
    indexes: response.data.map((d) => d.index),
    vectors: response.data.map((d) => Array.from(d.embedding)),
  };
}

function failure(e) {
  return {
    name: e.constructor.name,
    isApiError: e instanceof OpenAI.APIError,
    status: e.status ?? null,
    type: e.type ?? null,
    param: e.param ?? null,
    code: e.code ?? null,
    message: e.error?.message ?? e.message,
  };
}

async function expectFailure(call) {
  try {
    await call();
    return { name: 'NoError' };
  } catch (e) {
    return failure(e);
  }
}

const out = {};
// no encoding_format: the client asks for base64 and decodes the little-endian float32 bytes itself
out.base64 = result(await client.embeddings.create({ model, input: texts }));
out.float = result(await client.embeddings.create({
  model, input: texts, encoding_format: 'float', dimensions: Number(dimensions),
}));
out.single = result(await client.embeddings.create({ model, input: texts[0], encoding_format: 'float' }));
out.errors = {
  emptyInput: await expectFailure(() => client.embeddings.create({ model, input: [] })),
  dimensionsTooLarge: await expectFailure(() => client.embeddings.create({ model, input: 'x', dimensions: 1_000_000 })),
  tokenIds: await expectFailure(() => client.embeddings.create({ model, input: [[1, 2, 3]] })),
  wrongApiKey: await expectFailure(() => new OpenAI({ baseURL, apiKey: 'wrong-key', maxRetries: 0 })
    .embeddings.create({ model, input: 'x' })),
};
out.after = result(await client.embeddings.create({ model, input: 'still serving', encoding_format: 'float' }));
console.log(JSON.stringify(out));
