/** The host executor (DESIGN.md §3): pods as host processes in a bubblewrap sandbox. */
export { createHostExecutor, type HostExecutor, type HostExecutorOptions } from "./host-executor.js";
export {
  defaultImageProfiles,
  findImageProfile,
  type ImageMatch,
  type ImageProfile,
  normalizeImage,
  type Userland,
} from "./image-profiles.js";
export { loadImageProfiles } from "./profile-file.js";
