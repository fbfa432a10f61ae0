// Given names of the Punjabi, Gujarati, Hindi and Bengali-speaking communities (Sikh, Hindu and others)
// in their usual English spellings and in Gurmukhi, Devanagari or Bengali script.
// Source: our own work, compiled from general knowledge of naming. Licence: the project's own
// (AGPL-3.0-or-later). Format: "id: full forms | diminutives", forms separated by commas.
export const SOUTH_ASIAN_GROUPS: readonly string[] = [
  'harpreet: Harpreet, Harprit, Harpret, ਹਰਪ੍ਰੀਤ, हरप्रीत',
  'gurpreet: Gurpreet, Gurprit, ਗੁਰਪ੍ਰੀਤ, गुरप्रीत | Guri',
  'jaspreet: Jaspreet, Jasprit, ਜਸਪ੍ਰੀਤ | Jassi',
  'manpreet: Manpreet, Manprit, ਮਨਪ੍ਰੀਤ',
  'amandeep: Amandeep, Amandip, ਅਮਨਦੀਪ | Aman',
  'gurdeep: Gurdeep, Gurdip, ਗੁਰਦੀਪ',
  'priya: Priya, Pria, प्रिया, প্রিয়া',
  'lakshmi: Lakshmi, Laxmi, Lakshmee, Lakhsmi, लक्ष्मी, লক্ষ্মী',
  'krishna: Krishna, Krishan, Kishan, Krisna, कृष्ण, কৃষ্ণ | Kishu',
  'deepak: Deepak, Dipak, दीपक, দীপক',
  'arjun: Arjun, Arjan, Arjuna, अर्जुन, ਅਰਜਨ',
  'ravi: Ravi, Robi, रवि, রবি',
  'pooja: Pooja, Puja, पूजा, পূজা',
  'saurabh: Saurabh, Sourav, Saurav, Sourabh, सौरभ, সৌরভ',
  'subhash: Subhash, Subhas, सुभाष, সুভাষ',
  'anjali: Anjali, Anjalee, अंजलि, অঞ্জলি',
  'sunita: Sunita, Suneeta, सुनीता, সুনীতা',
  'rahul: Rahul, Raahul, राहुल, রাহুল',
  'vijay: Vijay, Vijai, Bijoy, विजय, বিজয়',
  'sanjay: Sanjay, Sanjai, Sanjoy, संजय, সঞ্জয়',
];
