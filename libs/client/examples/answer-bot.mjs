#!/usr/bin/env node
// An example bot for the Switchboard REST API: it answers, in the conversations assigned to it, every customer
// message it has not answered yet. Run it with an API token of role "agent" (the console's API tokens screen):
//
//   SWITCHBOARD_URL=https://chat.example.com SWITCHBOARD_TOKEN=sbt_… node answer-bot.mjs
//
// `--once` makes one pass and exits (cron, tests). Safe to restart: each reply's clientMsgId is derived from the
// message it answers, so a message answered before a crash is not answered twice.
import { apiRequest } from '@switchboard/client';

const url = process.env.SWITCHBOARD_URL ?? 'http://localhost:3000';
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) {
  console.error('set SWITCHBOARD_TOKEN to an API token (sbt_…)');
  process.exit(2);
}
const api = (path, init = {}) => apiRequest(url, path, { ...init, token });

/** The bot's reply to a customer's text: here a few keywords; a real bot would ask its order system or a model. */
function replyTo(text) {
  const asked = (text ?? '').toLowerCase();
  if (asked.includes('hour') || asked.includes('open')) return 'We are open Monday to Friday, 9:00 to 18:00.';
  if (asked.includes('order')) return 'Please send me your order number and I will look it up.';
  return 'Thanks for your message! A colleague will follow up shortly.';
}

/** Every conversation this token may see in `state`, page by page (the API's opaque `next` cursor). */
async function* conversations(state) {
  let before = null;
  do {
    const page = await api(`/api/conversations?state=${state}&limit=50${before ? `&before=${before}` : ''}`);
    yield* page.conversations;
    before = page.next;
  } while (before);
}

async function pass(me) {
  let answered = 0;
  for await (const conversation of conversations('serving')) {
    if (conversation.agentId !== me.id) continue; // the queue is for people; the bot answers what it is given
    const { messages } = await api(`/api/conversations/${conversation.id}/transcript?format=json`);
    const last = messages.filter((m) => m.sender.type !== 'system').at(-1);
    if (!last || last.sender.type !== 'customer') continue;
    await api(`/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ clientMsgId: `bot-${conversation.id}-${last.seq}`, text: replyTo(last.text) }),
    });
    answered++;
  }
  return answered;
}

const me = await api('/api/users/me');
console.log(`answer bot signed in as ${me.name}`);
do {
  const answered = await pass(me);
  if (answered) console.log(`answered ${answered} conversation(s)`);
  if (process.argv.includes('--once')) break;
  await new Promise((resolve) => setTimeout(resolve, 5000));
} while (true);
