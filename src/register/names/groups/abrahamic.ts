// Names shared by the Jewish, Christian and Muslim traditions, in their English, European, Hebrew,
// Arabic, Turkish, Somali and South Asian forms (Joseph / Józef / Yusuf / Youssef / يوسف).
// Source: our own work, compiled from general knowledge of naming and the correspondences given in the
// Wikipedia article on each figure (e.g. "Joseph (given name)", "Yusuf"). Licence: the project's own
// (AGPL-3.0-or-later). Format: "id: full forms | diminutives", forms separated by commas.
export const ABRAHAMIC_GROUPS: readonly string[] = [
  'adam: Adam, Adamo, Adão, Adem, Ádám, Adomas, Адам, آدم | Adaś',
  'abraham: Abraham, Avraham, Ibrahim, Ibraheem, İbrahim, Ebrahim, Brahim, Ibragim, Ibrahima, Abram, Авраам, Ибрагим, إبراهيم, ابراهيم, ইব্রাহিম | Abe, Bram',
  'isaac: Isaac, Ishaq, Ishak, Isak, Izaak, Isacco, Isaque, Yitzhak, Itzhak, Исаак, إسحاق',
  'ishmael: Ishmael, Ismail, Ismael, Ismaïl, İsmail, Ismayil, Smajl, Ismaaciil, Исмаил, إسماعيل',
  'jacob: Jacob, Jakob, Jakub, Yakub, Yaqub, Yakup, Yakov, Yakiv, Iakovos, Jacques, Giacomo, Jokūbas, Iacob, Yaakov, Yacoub, Yacqub, Яков, Яків, يعقوب | Kuba, Jake, Yasha, Kobi',
  'joseph: Joseph, Józef, Josef, José, Giuseppe, Iosif, Osip, Josip, Seosamh, Joseff, Juozapas, Jozef, Yusuf, Yousef, Youssef, Yosef, Yusif, Jusuf, Yousaf, Yousuf, Yusef, Yuusuf, Иосиф, Йосип, Юсуф, يوسف, ইউসুফ | Joe, Joey, Józek, Józio, Pepe, Beppe, Zé, Osya',
  'moses: Moses, Musa, Moussa, Mousa, Moshe, Mojżesz, Moisés, Moisei, Moise, Mozes, Moïse, Muuse, Моисей, Муса, موسى | Moe',
  'aaron: Aaron, Aron, Harun, Haroon, Haroun, Aharon, Aarón, Арон, Гарун, هارون',
  'david: David, Dawid, Dáibhí, Dàibhidh, Dafydd, Davit, Dovydas, Davide, Dawood, Dawud, Daud, Davud, Dauud, Давид, Давуд, Δαβίδ, داود | Dave, Davey, Davy, Dai, Dewi, Dawidek',
  'solomon: Solomon, Sulaiman, Suleiman, Suleyman, Süleyman, Sulejman, Sleiman, Shlomo, Salomon, Salomão, Suleymaan, Сулейман, Соломон, سليمان | Sol',
  'jonah: Jonah, Yunus, Younes, Younis, Yunis, Yonah, Junus, Yuunis, يونس',
  'jesus-isa: Isa, Eesa, Issa, Ciise, Jesús, Jesus, عيسى',
  'zachary: Zachary, Zachariah, Zakaria, Zakariya, Zakariyya, Zacharias, Zachariasz, Zaccaria, Zaharia, Zakhar, Sakariye, Захар, زكريا | Zack, Zak, Zach',
  'elijah: Elijah, Elias, Ilyas, Ilias, Ilya, Illia, Eliasz, Elia, Ilie, Elie, Iliyas, Илья, Ілля, إلياس | Eli, Ilyusha',
  'job: Job, Ayub, Ayoub, Ayyub, Eyüp, Eyup, Ayoob, Iov, أيوب',
  'noah: Noah, Nuh, Nooh, Noé, Noè, Noach, Nojus, Ной, نوح',
  'gabriel: Gabriel, Gabriele, Gavriil, Gavrylo, Gabrielius, Gavril, Jibril, Jibreel, Cebrail, Djibril, Gavriel, Гавриил, جبريل | Gabe, Gabi',
  'michael: Michael, Michał, Mikhail, Mykhailo, Miguel, Michele, Michel, Mihai, Mihail, Mikael, Mikheil, Mícheál, Micheal, Mìcheal, Mihangel, Mihály, Mikel, Michail, Mikail, Mikaeel, Mikayil, Михаил, Михайло, Μιχαήλ, ميخائيل, ميكائيل | Mike, Mikey, Mick, Mickey, Misha, Mischa, Misza, Mishka, Michałek, Mitch, Miki',
  'mary: Mary, Maria, Marie, Maryam, Mariam, Meryem, Maryan, Maryama, Mariama, Miriam, Myriam, Marija, Mária, Máire, Mair, Màiri, Mariya, Мария, Марія, Μαρία, مريم | Molly, Polly, Maja, Marysia, Masha, Manya, Maryla, Mari, Maša, Mariuca, Mimi',
  'eve: Eve, Eva, Ewa, Aoife, Hawa, Hawwa, Havva, Xaawo, Ева, Єва, Εύα, حواء | Evie, Ewunia',
  'sarah: Sarah, Sara, Sarai, Sára, Сара, سارة | Sally, Sadie',
  'hagar: Hagar, Hajar, Hadjer, Hacer, Haajar, هاجر',
];
