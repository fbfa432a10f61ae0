// Definitions the facts are computed by, shared by the cases module (real episodes) and the synthetic history.

// A child's third or later episode within 90 days is a repeat (the figure forces plan return interviews by).
export const REPEAT_EPISODES = 3;
export const REPEAT_DAYS = 90;
// H3 resolution of the hexagon map's cells (about 250 km² each): coarse enough to say nothing of an address.
export const PROFILE_CELL_RESOLUTION = 5;
