// `testTimeout` in a project's config is ignored when jest runs several projects (it is a global option),
// so browser tests set their generous timeout here.
jest.setTimeout(120000);
