// compose.yaml's one-shot `mongo-init` service (mongosh --nodb): initiates the replica set rs0 on first start,
// waits for mongo1 to be primary, and creates or updates the gateways' own user (readWrite on switchboard).
// Safe to run on every `docker compose up`. The root user exists on mongo1 from its first start
// (MONGO_INITDB_ROOT_USERNAME); passwords come from the environment, never from the command line.
const MEMBERS = ['mongo1:27017', 'mongo2:27017', 'mongo3:27017'];
const APP_USER = 'switchboard';
const APP_ROLES = [{ role: 'readWrite', db: 'switchboard' }];

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * Retries until `fn` returns a truthy value: mongo1 refuses connections while its entrypoint creates the root
 * user. A wrong password does not get better with time: it fails at once.
 */
function retry(what, attempts, fn) {
  let lastError = null;
  for (let i = 0; i < attempts; i++) {
    try {
      const result = fn();
      if (result) return result;
    } catch (error) {
      if (error.codeName === 'AuthenticationFailed') throw error;
      lastError = error;
    }
    sleep(1000);
  }
  throw new Error(`${what}: gave up after ${attempts} attempts${lastError ? ` (${lastError.message})` : ''}`);
}

const rootPassword = env('MONGO_ROOT_PASSWORD');
const password = env('MONGO_PASSWORD');

const admin = retry('connect to mongo1', 120, () => {
  const db = new Mongo(`mongodb://${MEMBERS[0]}/admin?directConnection=true`).getDB('admin');
  db.auth('root', rootPassword);
  return db;
});

let initiated = true;
try {
  admin.runCommand({ replSetGetStatus: 1 });
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  initiated = false;
}
if (!initiated) {
  // mongo1 is preferred as primary, so that the user below can be written through this direct connection.
  const members = MEMBERS.map((host, i) => ({ _id: i, host, priority: i === 0 ? 2 : 1 }));
  admin.runCommand({ replSetInitiate: { _id: 'rs0', members } });
  print('replica set rs0 initiated');
} else {
  print('replica set rs0 already initiated');
}

retry('wait for mongo1 to become primary', 120, () => admin.runCommand({ hello: 1 }).isWritablePrimary);

const existing = admin.runCommand({ usersInfo: APP_USER }).users;
if (existing.length === 0) {
  admin.runCommand({ createUser: APP_USER, pwd: password, roles: APP_ROLES });
  print(`user ${APP_USER} created`);
} else {
  // Keeps the password in step with MONGO_PASSWORD after a rotation.
  admin.runCommand({ updateUser: APP_USER, pwd: password, roles: APP_ROLES });
  print(`user ${APP_USER} updated`);
}
