// The app on a free port, talking to the mock instead of Stytch.
import { once } from "node:events";
import { createStytchClient } from "@sms-otp/client";
import { mockControl, startMock } from "@sms-otp/mock";
import { createApp } from "../server.js";

const PROJECT_ID = "project-test-00000000-0000-0000-0000-000000000000";

export async function startAppAndMock() {
  const mock = await startMock();
  const stytch = createStytchClient({
    projectId: PROJECT_ID,
    secret: "secret-test-anything", // the mock checks that credentials are sent, never which
    baseUrl: mock.url,
  });
  const server = createApp(stytch).listen(0, "127.0.0.1");
  await once(server, "listening");
  const stop = async () => {
    server.close();
    await mock.stop();
  };
  // control: the mock's side of the project: its Users, and the texts it "sent" (mockControl in the mock's README).
  return { url: `http://127.0.0.1:${server.address().port}`, control: mockControl({ url: mock.url, projectId: PROJECT_ID }), stop };
}
