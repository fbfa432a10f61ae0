// Chinese, Korean and Vietnamese family names, which are romanised in several systems (Hanyu Pinyin,
// Wade–Giles, Cantonese, Revised Romanisation, McCune–Reischauer) and in common English spellings.
// Source: our own work, compiled from general knowledge and the Wikipedia article on each surname.
// Licence: the project's own (AGPL-3.0-or-later). Format: "id: forms", comma-separated.
export const EAST_ASIAN_GROUPS: readonly string[] = [
  'lee: Li, Lee, Lei, Yi, Rhee, Ri, 李, 이',
  'kim: Kim, Gim, Ghim, 김, 金',
  'park: Park, Pak, Bak, Bahk, 박',
  'choi: Choi, Choe, Chey, 최',
  'jung: Jung, Jeong, Chung, Cheong, 정',
  'wang: Wang, Wong, Vuong, 王',
  'zhang: Zhang, Chang, Cheung, Chong, 張, 张',
  'chen: Chen, Chan, Chin, Tan, Trần, Tran, 陳, 陈',
  'liu: Liu, Lau, Lao, 劉, 刘',
  'huang: Huang, Wong, Hwang, Ng, 黃, 黄',
  'zhou: Zhou, Chou, Chow, Chau, 周',
  'wu: Wu, Ng, Goh, Woo, 吳, 吴',
  'nguyen: Nguyen, Nguyễn, Ruan, Yuen, Won, 阮',
];
