/**
 * Names for synthetic clients, by origin, and pure pickers over them. The lists favour what makes
 * name search hard in an immigration office: accents and letters outside ASCII (ễ, ß, ı, ş, ł, ọ̀),
 * transliterations of one name (Mohammed, Muhammad, Mohamed), compound and gendered family names,
 * family names written first, people with one name only, and maiden names.
 */
import type { Random } from "./random.ts";

export interface PersonName {
  familyName: string;
  givenNames: string;
}

export interface CompoundFamilyNames {
  share: number;
  join: " " | "-";
  /** Which of the two names the person is also known by alone (the paternal one). */
  knownBy: "first" | "last";
}

/**
 * Given names built from two parts, as Vietnamese (middle name + name), Chinese and Korean (two
 * syllables) names are, so that a million people do not share a few dozen names.
 */
export interface ComposedGivenNames {
  share: number;
  join: "" | " " | "-";
  F: readonly [first: readonly string[], second: readonly string[]];
  M: readonly [first: readonly string[], second: readonly string[]];
}

export interface Origin {
  key: string;
  /** Relative share of generated people. */
  weight: number;
  /** ISO 3166 alpha-3 countries of birth, weighted. */
  birthCountries: readonly (readonly [string, number])[];
  /** Children of immigrants, born and citizens in Canada (sponsors, proof-of-citizenship files). */
  bornInCanadaShare: number;
  /** Share who ask for correspondence in French. */
  frenchShare: number;
  givenF: readonly string[];
  givenM: readonly string[];
  secondGivenShare: number;
  composedGiven?: ComposedGivenNames;
  /** The second given name is the father's (Arabic naming), so it comes from the men's names. */
  patronymic?: boolean;
  /** `Kowalski|Kowalska`: the masculine and feminine forms of a gendered family name. */
  family: readonly string[];
  /** Two family names: Spanish paternal then maternal, Brazilian maternal then paternal, Québec hyphenated. */
  compound: CompoundFamilyNames | null;
  /** Spellings of one name across alphabets and transliteration systems. */
  variants: readonly (readonly string[])[];
  /** Share of married women whose birth family name is also on file. */
  maidenNameShare: number;
  /** Share also recorded with the family name last (a form read in the wrong order). */
  swappedOrderShare: number;
  /** Share who also use an English given name. */
  westernGivenShare: number;
  /** Share with one name only, recorded as the family name with no given names. */
  singleNameShare: number;
  /** Codes of the offices that usually handle these files, when the database has them. */
  officeHints: readonly string[];
}

const WESTERN_GIVEN_F = list("Emily, Grace, Vivian, Cindy, Amy, Jennifer, Helen, Tiffany, Angela, Sophia");
const WESTERN_GIVEN_M = list("Kevin, Jason, Eric, David, Michael, Tony, Daniel, Andy, Steven, Peter");

/** A list of names written on one line, separated by commas. */
function list(names: string): readonly string[] {
  return names.split(", ");
}

export const ORIGINS: readonly Origin[] = [
  {
    key: "indian",
    weight: 16,
    birthCountries: [["IND", 100]],
    bornInCanadaShare: 0.06,
    frenchShare: 0.02,
    givenF: list(
      "Priya, Ananya, Pooja, Neha, Deepika, Kavya, Lakshmi, Sunita, Anjali, Harpreet, Simranjit, Divya, Meera, Shreya, Gurleen, Aishwarya, Jaspreet, Nandini, Ritu, Swati, Tanvi, Isha, Manisha, Rupinder, Navneet, Sukhmani, Parminder, Bhavna, Komal, Revathi, Sneha, Geeta",
    ),
    givenM: list(
      "Rahul, Amit, Arjun, Vikram, Rohan, Sanjay, Harpreet, Gurpreet, Manpreet, Rajesh, Suresh, Anil, Karthik, Venkatesh, Aditya, Siddharth, Jaswinder, Mohit, Navdeep, Sukhwinder, Kuldeep, Ravi, Pradeep, Deepak, Nikhil, Varun, Abhishek, Ashok, Ramesh, Prakash, Yash, Gaurav",
    ),
    secondGivenShare: 0.1,
    family: list(
      "Sharma, Patel, Singh|Kaur, Singh|Kaur, Kumar, Gupta, Reddy, Iyer, Nair, Mehta, Shah, Desai, Joshi, Rao, Menon, Chatterjee, Banerjee, Das, Gill, Sandhu, Dhillon, Grewal, Pillai, Verma, Agarwal, Brar, Sidhu, Krishnan, Bhatt, Chauhan, Malhotra, Kapoor, Saini, Bajwa, Mishra, Pandey, Trivedi, Naidu, Chaudhary, Bose, Mukherjee, Jain",
    ),
    compound: null,
    variants: [
      ["Chatterjee", "Chattopadhyay"],
      ["Banerjee", "Bandyopadhyay"],
      ["Venkatesh", "Venkatesan"],
      ["Aishwarya", "Aishvarya"],
      ["Agarwal", "Aggarwal", "Agrawal"],
    ],
    maidenNameShare: 0.35,
    swappedOrderShare: 0.02,
    westernGivenShare: 0,
    singleNameShare: 0.03,
    officeHints: ["NDL"],
  },
  {
    key: "chinese",
    weight: 10,
    birthCountries: [
      ["CHN", 85],
      ["HKG", 8],
      ["TWN", 7],
    ],
    bornInCanadaShare: 0.06,
    frenchShare: 0.03,
    givenF: list(
      "Xiaomei, Jing, Lina, Yan, Fang, Xiuying, Mei, Jiahui, Yuxin, Zihan, Xinyi, Shuang, Ying, Yiting, Wanting, Ruoxi",
    ),
    givenM: list(
      "Wei, Hao, Jun, Lei, Qiang, Yong, Jie, Tao, Ming, Zihao, Haoran, Yuxuan, Junjie, Zhiwei, Jianguo, Chenxi",
    ),
    secondGivenShare: 0,
    composedGiven: {
      share: 0.75,
      join: "",
      F: [
        list("Xiao, Jia, Yu, Zi, Xin, Yi, Shu, Wan, Ruo, Mei, Li, Jing, Hui, Yan, Qian"),
        list("mei, hui, xin, han, yi, ting, qi, xuan, yan, na, ling, jie, wen, yue, lan"),
      ],
      M: [
        list("Zi, Hao, Yu, Jun, Zhi, Jian, Chen, Wen, Ming, Tian, Yi, Jia, Guo, Hong, Xiang"),
        list("hao, ran, xuan, jie, wei, guo, xi, bo, hui, yu, long, feng, cheng, kai, lin"),
      ],
    },
    family: list(
      "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Luo, Gao, Zheng, Liang, Xie, Tang, Song, Chan, Wong, Cheung, Lau, Ng",
    ),
    compound: null,
    variants: [
      ["Chen", "Chan", "Tan"],
      ["Wang", "Wong"],
      ["Zhang", "Cheung", "Chang"],
      ["Liu", "Lau", "Lao"],
      ["Wu", "Ng", "Woo"],
      ["Liang", "Leung"],
      ["He", "Ho"],
      ["Lin", "Lam", "Lim"],
      ["Huang", "Wong", "Hwang"],
      ["Zhou", "Chow", "Chou"],
      ["Xu", "Hsu", "Tsui"],
    ],
    maidenNameShare: 0,
    swappedOrderShare: 0.08,
    westernGivenShare: 0.2,
    singleNameShare: 0,
    officeHints: ["VAN"],
  },
  {
    key: "filipino",
    weight: 8,
    birthCountries: [["PHL", 100]],
    bornInCanadaShare: 0.04,
    frenchShare: 0.02,
    givenF: list(
      "Maria Cristina, Ma. Luisa, Jocelyn, Marites, Rowena, Jennifer, Mary Grace, Kristine, Angelica, Lovely, Princess, Rhea, Joy, Ma. Theresa, Analyn, Maricel, Girlie, Jonalyn, Mylene, Arlene, Cherry Mae, Leah, Michelle, Hazel, Ruby Ann, Sheila, Irene, Divina, Cecilia, Rosario, Jasmine",
    ),
    givenM: list(
      "Jose, Juan Carlos, Mark Anthony, John Paul, Rodel, Ramon, Jericho, Christian, Jomar, Renato, Dante, Ariel, Rommel, Jun, Noel, Romeo, Ferdinand, Arnel, Edgardo, Reynaldo, Rolando, Marlon, Jayson, Jerome, Ryan, Wilfredo, Efren, Danilo, Alvin, Rey, Emmanuel",
    ),
    secondGivenShare: 0,
    family: list(
      "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Dela Cruz, Del Rosario, Villanueva, Ramos, Aquino, Castillo, Manalo, Macaraeg, Pangilinan, Dizon, Soriano, Navarro, Mercado, De Guzman, Salazar, Domingo, Pascual, Valdez, Gutierrez, Francisco, Fernandez, Gonzales, Tolentino, Sison, Agustin, Lim, Tan, Javier, Cabrera, Santiago, Magbanua, Dimaculangan",
    ),
    compound: null,
    variants: [
      ["Dela Cruz", "De la Cruz", "Delacruz"],
      ["Del Rosario", "Delrosario"],
      ["De Guzman", "Deguzman", "De Guzmán"],
      ["Ma. Luisa", "Maria Luisa"],
      ["Ma. Theresa", "Maria Theresa", "Ma. Teresa"],
    ],
    maidenNameShare: 0.6,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MNL"],
  },
  {
    key: "nigerian",
    weight: 6,
    birthCountries: [["NGA", 100]],
    bornInCanadaShare: 0.03,
    frenchShare: 0.01,
    givenF: list(
      "Adaeze, Chiamaka, Ngozi, Folake, Fúnmiláyọ̀, Oluwakemi, Yetunde, Ifeoma, Chioma, Titilayọ̀, Adenike, Bukola, Amina, Zainab, Blessing, Precious, Temitope",
    ),
    givenM: list(
      "Oluwaseun, Adébáyọ̀, Olumide, Babatunde, Chukwuemeka, Emeka, Oluwatobi, Tunde, Femi, Ikechukwu, Chinedu, Obinna, Ayodele, Kayode, Ifeanyi, Segun, Musa, Abubakar",
    ),
    secondGivenShare: 0.35,
    family: list(
      "Adeyemi, Okafor, Okonkwo, Adebayo, Ogunleye, Balogun, Eze, Nwosu, Olawale, Akinola, Oyèláràn, Adeleke, Ibrahim, Bello, Chukwu, Obi, Afolabi, Ogunbanjo, Ọlábísí, Nwachukwu, Okoro, Abubakar, Okeke, Onyekachi, Adewale, Ogundipe, Eze-Okafor, Ojo, Babalola, Ayodeji, Akande, Nnamdi, Umeh, Obiora",
    ),
    compound: null,
    variants: [
      ["Adébáyọ̀", "Adebayo"],
      ["Fúnmiláyọ̀", "Funmilayo"],
      ["Titilayọ̀", "Titilayo"],
      ["Oyèláràn", "Oyelaran"],
      ["Ọlábísí", "Olabisi"],
      ["Oluwaseun", "Seun"],
      ["Oluwatobi", "Tobi"],
      ["Babatunde", "Tunde"],
      ["Chukwuemeka", "Emeka"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0.02,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["LOS"],
  },
  {
    key: "arabic",
    weight: 9,
    birthCountries: [
      ["SYR", 24],
      ["LBN", 14],
      ["EGY", 15],
      ["MAR", 13],
      ["DZA", 11],
      ["JOR", 7],
      ["IRQ", 10],
      ["TUN", 6],
    ],
    bornInCanadaShare: 0.05,
    frenchShare: 0.35,
    givenF: list(
      "Fatima, Aïcha, Mariam, Layla, Nour, Rania, Yasmine, Salma, Hiba, Zeinab, Amira, Lina, Dina, Rana, Sara, Khadija, Imane, Ghada, Nadia, Houda",
    ),
    givenM: list(
      "Mohammed, Ahmed, Omar, Youssef, Khaled, Ali, Hassan, Hussein, Ibrahim, Mahmoud, Mustafa, Karim, Rami, Samir, Tarek, Walid, Abdelrahman, Bilal, Nabil, Hamza",
    ),
    // Often the father's name as a middle name: Mohammed Ahmed, Fatima Hassan.
    secondGivenShare: 0.4,
    patronymic: true,
    family: list(
      "Al-Hassan, El-Sayed, Haddad, Khoury, Abdallah, Mansour, Nasser, Saleh, Ibrahim, Khalil, Hamdan, Darwish, Al-Masri, Benali, Bouazza, El Amrani, Ben Youssef, Chaoui, Aziz, Al-Rashid, Boutros, Hajj, Farouk, Hashem, Jaber, Karam, Nassar, Qasim, Sabbagh, Sharif, Tahan, Youssef, Zaher, El Idrissi, Bennani, Belkacem, Mahfouz",
    ),
    compound: null,
    variants: [
      ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"],
      ["Ahmed", "Ahmad"],
      ["Youssef", "Yousef", "Youssif", "Yusuf"],
      ["Khaled", "Khalid"],
      ["Hussein", "Hussain", "Husayn"],
      ["Mustafa", "Moustafa", "Mostafa"],
      ["Mahmoud", "Mahmud"],
      ["Omar", "Umar"],
      ["Fatima", "Fatma", "Fatema"],
      ["Aïcha", "Aisha", "Aicha", "Ayesha"],
      ["Mariam", "Maryam", "Meriem"],
      ["Layla", "Leila", "Laila"],
      ["Nour", "Noor"],
      ["Yasmine", "Yasmin", "Jasmine"],
      ["Zeinab", "Zaynab", "Zainab"],
      ["Khadija", "Khadidja"],
      ["Abdelrahman", "Abdul Rahman", "Abderrahmane"],
      ["Al-Hassan", "Alhassan", "El Hassan"],
      ["El-Sayed", "Elsayed", "Al-Sayed"],
      ["Abdallah", "Abdullah", "Abdulla"],
      ["Khoury", "Khouri", "El Khoury"],
      ["Al-Masri", "Elmasri"],
      ["Hajj", "El Hage", "Al-Hajj"],
    ],
    maidenNameShare: 0.05,
    swappedOrderShare: 0.02,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MTL", "OTT"],
  },
  {
    key: "vietnamese",
    weight: 5,
    birthCountries: [["VNM", 100]],
    bornInCanadaShare: 0.08,
    frenchShare: 0.1,
    givenF: list(
      "Thị Ánh, Thị Hương, Ngọc Lan, Thu Trang, Thị Mai, Minh Thư, Thanh Hằng, Phương Anh, Thị Thu Hà, Bảo Ngọc, Khánh Linh, Thị Hồng Nhung",
    ),
    givenM: list(
      "Văn Minh, Đức Anh, Văn Hùng, Minh Tuấn, Quốc Bảo, Hoàng Nam, Văn Thành, Thanh Tùng, Gia Huy, Quang Vinh, Đình Khoa, Hữu Phước",
    ),
    secondGivenShare: 0,
    composedGiven: {
      share: 0.8,
      join: " ",
      F: [
        list("Thị, Thị, Thị, Ngọc, Thu, Thanh, Phương, Bảo, Khánh, Minh, Kim, Mỹ"),
        list(
          "Ánh, Hương, Lan, Trang, Mai, Thư, Hằng, Hà, Linh, Nhung, Thảo, Vy, Yến, Tâm, Hạnh, Trinh, Uyên, Quỳnh",
        ),
      ],
      M: [
        list("Văn, Văn, Văn, Đức, Minh, Quốc, Hoàng, Thanh, Gia, Quang, Đình, Hữu, Công, Trọng"),
        list(
          "Minh, Hùng, Tuấn, Bảo, Nam, Thành, Tùng, Huy, Vinh, Khoa, Phước, Dũng, Hải, Long, Phúc, Sơn, Cường, Khải",
        ),
      ],
    },
    family: list(
      "Nguyễn, Nguyễn, Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý",
    ),
    compound: null,
    variants: [
      ["Hoàng", "Huỳnh"],
      ["Vũ", "Võ"],
      ["Lý", "Ly", "Lee"],
    ],
    maidenNameShare: 0,
    swappedOrderShare: 0.12,
    westernGivenShare: 0.1,
    singleNameShare: 0,
    officeHints: ["VAN"],
  },
  {
    key: "hispanic",
    weight: 7,
    birthCountries: [
      ["MEX", 35],
      ["COL", 25],
      ["PER", 8],
      ["VEN", 10],
      ["ESP", 10],
      ["ARG", 5],
      ["CHL", 7],
    ],
    bornInCanadaShare: 0.03,
    frenchShare: 0.08,
    givenF: list(
      "María José, Ana Sofía, Valentina, Camila, Daniela, María Fernanda, Lucía, Isabel, Gabriela, Ximena, Paola, Verónica, Ángela, Guadalupe",
    ),
    givenM: list(
      "José Luis, Juan Pablo, Carlos, Alejandro, Miguel Ángel, Andrés, Sebastián, Diego, Jorge, Luis Fernando, Javier, Santiago, Mateo, Joaquín",
    ),
    secondGivenShare: 0,
    family: list(
      "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, Torres, Flores, Rivera, Gómez, Díaz, Morales, Jiménez, Ruiz, Álvarez, Castillo, Vargas, Muñoz, Ortiz, Núñez, Peña",
    ),
    compound: { share: 0.8, join: " ", knownBy: "first" },
    variants: [
      ["Jiménez", "Giménez", "Ximénez"],
      ["Ximena", "Jimena"],
      ["Joaquín", "Joaquim"],
    ],
    maidenNameShare: 0,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "french",
    weight: 5,
    birthCountries: [
      ["FRA", 80],
      ["BEL", 12],
      ["CHE", 8],
    ],
    bornInCanadaShare: 0,
    frenchShare: 0.95,
    givenF: list(
      "Léa, Chloé, Manon, Camille, Inès, Élodie, Margaux, Océane, Clémence, Anaïs, Émilie, Juliette, Zoé, Maëlle, Héloïse, Céline, Aurélie, Lucie, Pauline, Solène, Agathe, Bérénice, Capucine, Gwenaëlle, Nathalie",
    ),
    givenM: list(
      "Lucas, Hugo, Théo, Louis, Mathéo, Clément, Antoine, Julien, Nicolas, Maxime, Étienne, Raphaël, Gaël, Jean-Luc, Loïc, Aurélien, Baptiste, Cédric, Damien, Florian, Grégoire, Jérémy, Quentin, Rémi, Thibault",
    ),
    secondGivenShare: 0.15,
    family: list(
      "Martin, Bernard, Dubois, Thomas, Robert, Petit, Durand, Leroy, Moreau, Lefèvre, Girard, Mercier, Fournier, Rousseau, Faure, Lemaire, Chevalier, Bonnet, François, Gauthier, Lefebvre, Peeters, Bühler, Garnier, Boyer, Roux, Vincent, Fontaine, Lambert, Blanc, Guérin, Muller, Henry, Roussel, Perrin, Morel, Mathieu, Clément, Gérard",
    ),
    compound: null,
    variants: [
      ["Lefèvre", "Lefebvre", "Lefeuvre"],
      ["Bühler", "Buehler"],
    ],
    maidenNameShare: 0.4,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MTL"],
  },
  {
    key: "quebecois",
    weight: 3,
    birthCountries: [["CAN", 100]],
    bornInCanadaShare: 1,
    frenchShare: 0.9,
    givenF: list(
      "Marie-Ève, Geneviève, Isabelle, Mélanie, Sophie, Catherine, Josée, Nathalie, Julie, Émilie, Audrey-Anne, Noémie, Rosalie, Marie-Hélène",
    ),
    givenM: list(
      "Jean-François, Mathieu, Alexandre, Sébastien, Olivier, Félix, Éric, Stéphane, François, Pierre-Luc, Guillaume, Jérôme, Benoît, Marc-André",
    ),
    secondGivenShare: 0.1,
    family: list(
      "Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, Gagné, Ouellet, Pelletier, Bélanger, Lévesque, Bergeron, Leblanc, Paquette, Simard, Boucher, Caron, Beaulieu, Cloutier, Dubé, Poirier, Thériault, St-Pierre",
    ),
    compound: { share: 0.05, join: "-", knownBy: "first" },
    variants: [
      ["St-Pierre", "Saint-Pierre", "St Pierre"],
      ["Ouellet", "Ouellette", "Ouelette"],
      ["Thériault", "Theriault", "Terriault"],
    ],
    // Since 1981 a spouse keeps their birth name in Québec law.
    maidenNameShare: 0.02,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MTL"],
  },
  {
    key: "lusophone",
    weight: 4,
    birthCountries: [
      ["BRA", 80],
      ["PRT", 20],
    ],
    bornInCanadaShare: 0.03,
    frenchShare: 0.05,
    givenF: list(
      "Ana Clara, Maria Eduarda, Beatriz, Larissa, Juliana, Fernanda, Letícia, Camila, Mariana, Luíza, Gabriela, Vitória, Conceição, Inês",
    ),
    givenM: list(
      "João Pedro, Gabriel, Lucas, Matheus, Rafael, Thiago, Gustavo, Felipe, Bruno, Rodrigo, Vinícius, Caio, André, Gonçalo",
    ),
    secondGivenShare: 0,
    family: list(
      "da Silva, dos Santos, de Oliveira, de Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins, Carvalho, Araújo, Melo, Barbosa, Cardoso, Rocha, Nascimento, Gonçalves, Magalhães",
    ),
    compound: { share: 0.6, join: " ", knownBy: "last" },
    variants: [
      ["de Souza", "de Sousa", "Souza"],
      ["Luíza", "Luisa", "Louisa"],
      ["Thiago", "Tiago"],
      ["Matheus", "Mateus"],
      ["Vinícius", "Vinicios"],
    ],
    maidenNameShare: 0.3,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MTL", "OTT"],
  },
  {
    key: "polish",
    weight: 2,
    birthCountries: [["POL", 100]],
    bornInCanadaShare: 0.03,
    frenchShare: 0.03,
    givenF: list(
      "Anna, Katarzyna, Małgorzata, Agnieszka, Magdalena, Joanna, Aleksandra, Monika, Zofia, Ewa, Dorota, Barbara, Jadwiga",
    ),
    givenM: list(
      "Piotr, Krzysztof, Tomasz, Paweł, Michał, Łukasz, Marcin, Jakub, Grzegorz, Wojciech, Mateusz, Kamil, Przemysław",
    ),
    secondGivenShare: 0.2,
    family: list(
      "Nowak, Kowalski|Kowalska, Wiśniewski|Wiśniewska, Wójcik, Kowalczyk, Kamiński|Kamińska, Lewandowski|Lewandowska, Zieliński|Zielińska, Szymański|Szymańska, Woźniak, Dąbrowski|Dąbrowska, Kozłowski|Kozłowska, Jankowski|Jankowska, Mazur, Krawczyk, Grabowski|Grabowska, Przybylski|Przybylska, Sikora, Żak, Błaszczyk",
    ),
    compound: null,
    variants: [
      ["Paweł", "Pawel", "Paul"],
      ["Wojciech", "Voytek"],
      ["Małgorzata", "Margaret"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "ukrainian",
    weight: 4,
    birthCountries: [
      ["UKR", 95],
      ["MDA", 5],
    ],
    bornInCanadaShare: 0.03,
    frenchShare: 0.04,
    givenF: list(
      "Olena, Yuliia, Iryna, Nataliia, Oksana, Tetiana, Kateryna, Anastasiia, Olha, Svitlana, Viktoriia, Daria, Halyna, Mariia, Yevheniia, Liudmyla, Khrystyna, Sofiia, Alina, Valentyna, Lesia, Inna, Larysa",
    ),
    givenM: list(
      "Oleksandr, Serhii, Andrii, Dmytro, Volodymyr, Mykola, Yurii, Ivan, Vasyl, Taras, Bohdan, Maksym, Oleh, Petro, Roman, Viktor, Yaroslav, Artem, Denys, Ihor, Vitalii, Stepan, Anatolii",
    ),
    secondGivenShare: 0,
    family: list(
      "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boiko, Kovalchuk, Oliinyk, Moroz, Lysenko, Savchenko, Petrenko, Rudenko, Marchenko, Hnatiuk, Kharchenko, Zhuravel, Hrytsenko, Pavlenko, Kolesnyk, Ponomarenko, Tymoshenko, Kuzmenko, Vasylenko, Honcharenko, Yatsenko, Romaniuk, Fedoruk, Dmytruk",
    ),
    compound: null,
    variants: [
      ["Oleksandr", "Olexandr", "Aleksandr", "Alexander"],
      ["Serhii", "Serhiy", "Sergii", "Sergey"],
      ["Andrii", "Andriy", "Andrey"],
      ["Dmytro", "Dmitro", "Dmitry"],
      ["Yurii", "Yuriy", "Iurii"],
      ["Oleh", "Oleg"],
      ["Yuliia", "Yulia", "Iuliia", "Julia"],
      ["Nataliia", "Natalia", "Natalya"],
      ["Tetiana", "Tetyana", "Tatiana"],
      ["Olha", "Olga"],
      ["Kateryna", "Ekaterina", "Katerina"],
      ["Halyna", "Galina"],
      ["Oliinyk", "Oleynik", "Oliynyk"],
      ["Boiko", "Boyko"],
      ["Melnyk", "Melnik"],
      ["Hnatiuk", "Hnatyuk", "Gnatyuk"],
      ["Kharchenko", "Harchenko"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "russian",
    weight: 2,
    birthCountries: [
      ["RUS", 80],
      ["KAZ", 12],
      ["BLR", 8],
    ],
    bornInCanadaShare: 0.03,
    frenchShare: 0.05,
    givenF: list(
      "Yelena, Tatiana, Natalia, Ekaterina, Olga, Svetlana, Anastasia, Yulia, Irina, Maria, Ksenia, Lyudmila, Galina, Valentina, Darya, Polina, Alyona, Veronika, Vera, Larisa, Zhanna",
    ),
    givenM: list(
      "Aleksandr, Sergey, Dmitry, Andrey, Mikhail, Alexei, Nikolai, Vladimir, Ivan, Pavel, Yevgeny, Roman, Kirill, Maxim, Denis, Artyom, Konstantin, Oleg, Viktor, Boris, Grigory",
    ),
    secondGivenShare: 0,
    family: list(
      "Ivanov|Ivanova, Smirnov|Smirnova, Kuznetsov|Kuznetsova, Popov|Popova, Sokolov|Sokolova, Volkov|Volkova, Zhukov|Zhukova, Kovalev|Kovaleva, Lebedev|Lebedeva, Morozov|Morozova, Fyodorov|Fyodorova, Khrushchev|Khrushcheva, Tsvetkov|Tsvetkova, Novikov|Novikova, Kozlov|Kozlova, Pavlov|Pavlova, Semyonov|Semyonova, Golubev|Golubeva, Vinogradov|Vinogradova, Bogdanov|Bogdanova, Vorobyov|Vorobyova, Orlov|Orlova, Zaitsev|Zaitseva",
    ),
    compound: null,
    variants: [
      ["Yelena", "Elena", "Jelena", "Hélène"],
      ["Zhukov", "Joukov", "Shukow", "Zhoukov"],
      ["Zhukova", "Joukova"],
      ["Dmitry", "Dmitri", "Dmitrii"],
      ["Aleksandr", "Alexandre", "Alexander"],
      ["Sergey", "Sergei", "Serguei"],
      ["Alexei", "Aleksei", "Alexey"],
      ["Yevgeny", "Evgeny", "Evgueni"],
      ["Fyodorov", "Fedorov", "Fiodorov"],
      ["Fyodorova", "Fedorova"],
      ["Khrushchev", "Khrouchtchev", "Chruschtschow"],
      ["Tsvetkov", "Tcvetkov", "Zwetkow"],
      ["Ksenia", "Kseniya", "Xenia"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "iranian",
    weight: 5,
    birthCountries: [["IRN", 100]],
    bornInCanadaShare: 0.04,
    frenchShare: 0.04,
    givenF: list(
      "Fatemeh, Zahra, Maryam, Sara, Narges, Parisa, Shirin, Nasrin, Leila, Mahsa, Negar, Elham, Azadeh, Roya, Mina, Farnaz, Golnaz, Samira, Ladan, Mahnaz, Niloufar, Yasaman, Shabnam, Haleh, Bahar, Soheila",
    ),
    givenM: list(
      "Mohammad, Ali, Reza, Amir Hossein, Mohammad Reza, Mehdi, Hossein, Saeed, Amir, Arash, Behnam, Dariush, Kourosh, Hamid, Mojtaba, Farhad, Babak, Siavash, Payam, Omid, Navid, Pouya, Kian, Majid, Ehsan, Milad, Shahram",
    ),
    secondGivenShare: 0,
    family: list(
      "Hosseini, Mohammadi, Ahmadi, Rezaei, Karimi, Moradi, Jafari, Rahimi, Kazemi, Ghasemi, Mousavi, Hashemi, Sadeghi, Rostami, Tehrani, Shirazi, Esfahani, Najafi, Akbari, Farahani, Abbasi, Bagheri, Salehi, Zamani, Nouri, Asadi, Ebrahimi, Heidari, Khosravi, Ranjbar, Soltani, Yazdani",
    ),
    compound: null,
    variants: [
      ["Hosseini", "Hoseini", "Husseini"],
      ["Rezaei", "Rezaee", "Rezaie"],
      ["Mousavi", "Moussavi", "Musavi"],
      ["Ghasemi", "Qasemi", "Ghassemi"],
      ["Mohammad", "Mohammed", "Muhammad"],
      ["Saeed", "Said", "Saied"],
      ["Fatemeh", "Fatima"],
      ["Kourosh", "Kurosh", "Cyrus"],
      ["Dariush", "Daryoush", "Darius"],
      ["Hossein", "Hosein", "Hussein"],
    ],
    maidenNameShare: 0,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["VAN", "OTT"],
  },
  {
    key: "korean",
    weight: 3,
    birthCountries: [["KOR", 100]],
    bornInCanadaShare: 0.06,
    frenchShare: 0.02,
    givenF: list(
      "Seo-yeon, Ha-eun, Ji-woo, Soo-jin, Ji-young, Eun-ji, Mi-kyung, Yuna, Da-eun, Hye-jin, Min-seo, So-yeon",
    ),
    givenM: list(
      "Min-jun, Ji-hoon, Do-yoon, Seo-jun, Hyun-woo, Jae-won, Young-ho, Sung-min, Dong-hyun, Jun-ho, Tae-yang, Sang-woo",
    ),
    secondGivenShare: 0,
    composedGiven: {
      share: 0.8,
      join: "-",
      F: [
        list("Seo, Ha, Ji, Soo, Eun, Mi, Da, Hye, Min, So, Ye, Yu, Na, Chae, Su"),
        list("yeon, eun, woo, jin, young, ji, kyung, na, seo, bin, won, rin, hee, ah, kyung"),
      ],
      M: [
        list("Min, Ji, Do, Seo, Hyun, Jae, Young, Sung, Dong, Jun, Tae, Sang, Woo, Joon, Seung"),
        list("jun, hoon, yoon, woo, won, ho, min, hyun, yang, sik, jin, hwan, soo, gyu, bin"),
      ],
    },
    family: list(
      "Kim, Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, Hwang, Ahn, Song, Yoo, Hong",
    ),
    compound: null,
    variants: [
      ["Lee", "Yi", "Rhee", "Ri"],
      ["Park", "Pak", "Bak"],
      ["Choi", "Choe", "Chwe"],
      ["Jung", "Chung", "Jeong"],
      ["Cho", "Jo"],
      ["Yoon", "Yun"],
      ["Lim", "Im", "Rim"],
      ["Kang", "Gang"],
      ["Shin", "Sin"],
      ["Yoo", "Yu", "Ryu"],
      ["Min-jun", "Minjun", "Min Jun"],
      ["Seo-yeon", "Seoyeon", "Suh-yun"],
      ["Ji-hoon", "Jihoon", "Ji Hun"],
    ],
    maidenNameShare: 0,
    swappedOrderShare: 0.1,
    westernGivenShare: 0.25,
    singleNameShare: 0,
    officeHints: ["VAN"],
  },
  {
    key: "haitian",
    weight: 3,
    birthCountries: [["HTI", 100]],
    bornInCanadaShare: 0.1,
    frenchShare: 0.85,
    givenF: list(
      "Marie-Carmel, Marie-Claude, Nadège, Guerline, Rose-Merline, Fabienne, Mirlande, Wideline, Ketly, Dieula, Marie-Michelle, Roseline, Lourdes",
    ),
    givenM: list(
      "Jean Robert, Jean-Claude, Wilner, Frantz, Jean-Ricot, Pierre-Richard, Ernst, Emmanuel, Jacques, Wesley, Fritznel, Makenson, Jean-Élie",
    ),
    secondGivenShare: 0.05,
    family: list(
      "Jean-Baptiste, Pierre, Joseph, Louis, Charles, Saint-Fleur, Jean-Louis, Célestin, Dorvil, Noël, Désir, Étienne, Pierre-Louis, Augustin, Thélusma, Bien-Aimé, Saint-Jean, Exantus, Guerrier, Lafortune, Alexis, Dorsainvil, Fleurimond, Jean-Pierre, Baptiste, Toussaint, Metellus, Philogène, Innocent, Moïse, Beauvais, Cadet",
    ),
    compound: null,
    variants: [
      ["Saint-Fleur", "St-Fleur", "St Fleur"],
      ["Saint-Jean", "St-Jean"],
      ["Bien-Aimé", "Bienaimé", "Bien Aime"],
      ["Désir", "Dessir"],
      ["Thélusma", "Telusma"],
    ],
    maidenNameShare: 0.3,
    swappedOrderShare: 0.02,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["MTL"],
  },
  {
    key: "german",
    weight: 2,
    birthCountries: [
      ["DEU", 80],
      ["AUT", 15],
      ["CHE", 5],
    ],
    bornInCanadaShare: 0,
    frenchShare: 0.05,
    givenF: list(
      "Anna, Lena, Sophie, Hannah, Katharina, Jana, Lea, Sabine, Ute, Brigitte, Käthe, Annika, Mareike, Svenja, Jülide",
    ),
    givenM: list(
      "Lukas, Maximilian, Jonas, Felix, Leon, Paul, Tobias, Jürgen, Günter, Stefan, Matthias, Sebastian, Jörg, Florian, Björn",
    ),
    secondGivenShare: 0.25,
    family: list(
      "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Krüger, Hartmann, Groß, Weiß, Köhler, Strauß, Böhm, Jäger, Meißner",
    ),
    compound: null,
    variants: [
      ["Müller", "Mueller", "Muller"],
      ["Schäfer", "Schaefer"],
      ["Schröder", "Schroeder"],
      ["Krüger", "Krueger"],
      ["Groß", "Gross"],
      ["Weiß", "Weiss"],
      ["Köhler", "Koehler"],
      ["Strauß", "Strauss"],
      ["Böhm", "Boehm"],
      ["Jäger", "Jaeger"],
      ["Meißner", "Meissner"],
      ["Meyer", "Meier", "Mayer", "Maier"],
      ["Jürgen", "Juergen"],
      ["Jörg", "Joerg"],
      ["Günter", "Guenter", "Gunther"],
      ["Käthe", "Kaethe"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "turkish",
    weight: 2,
    birthCountries: [["TUR", 100]],
    bornInCanadaShare: 0.03,
    frenchShare: 0.05,
    givenF: list(
      "Ayşe, Fatma, Emine, Hatice, Zeynep, Elif, Meryem, Şerife, Sultan, Hülya, Gül, Özlem, Büşra, Merve, Ebru, Çiğdem",
    ),
    givenM: list(
      "Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, İsmail, Osman, Yusuf, Murat, Emre, Burak, Çağlar, Oğuz, Tuğrul",
    ),
    secondGivenShare: 0.1,
    family: list(
      "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Erdoğan, Güneş, Aksoy, Uğur",
    ),
    compound: null,
    variants: [
      ["Hüseyin", "Huseyin", "Hussein"],
      ["Mehmet", "Mehmed"],
      ["Ayşe", "Ayse", "Aysha"],
      ["Şahin", "Sahin", "Chahine"],
      ["Çelik", "Celik", "Tchelik"],
      ["Doğan", "Dogan"],
      ["Yıldız", "Yildiz"],
    ],
    maidenNameShare: 0.4,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT"],
  },
  {
    key: "anglophone",
    weight: 4,
    // Those born in Canada come from bornInCanadaShare, as citizens by birth.
    birthCountries: [
      ["GBR", 45],
      ["USA", 22],
      ["IRL", 18],
      ["AUS", 15],
    ],
    bornInCanadaShare: 0.45,
    frenchShare: 0.05,
    givenF: list(
      "Emma, Olivia, Charlotte, Sarah, Jessica, Emily, Hannah, Megan, Siobhán, Aoife, Caitlin, Rebecca, Laura",
    ),
    givenM: list(
      "James, William, Liam, Noah, Benjamin, Ryan, Matthew, Connor, Seán, Ciarán, Thomas, Andrew, Patrick",
    ),
    secondGivenShare: 0.3,
    family: list(
      "Smith, Johnson, Williams, Brown, Wilson, MacDonald, Campbell, Anderson, Taylor, Thompson, O'Brien, O'Neill, MacLeod, Fraser, Murphy, Stewart, Robertson, Ó Súilleabháin, Fitzgerald, McKenzie, Clarke, Walker, Wright, Hughes, Edwards, Kelly, Ryan, Byrne, Doyle, Graham, Hamilton, Ross, Mitchell, Scott, Morrison",
    ),
    compound: { share: 0.03, join: "-", knownBy: "first" },
    variants: [
      ["MacDonald", "McDonald", "Macdonald"],
      ["MacLeod", "McLeod"],
      ["McKenzie", "MacKenzie", "Mackenzie"],
      ["Ó Súilleabháin", "O'Sullivan"],
      ["Seán", "Sean", "Shawn"],
      ["Siobhán", "Siobhan", "Shivaun"],
      ["Ciarán", "Ciaran", "Kieran"],
    ],
    maidenNameShare: 0.5,
    swappedOrderShare: 0,
    westernGivenShare: 0,
    singleNameShare: 0,
    officeHints: ["OTT", "VAN"],
  },
];

/** Picks an origin in proportion to its weight. */
export function pickOrigin(random: Random): Origin {
  return random.weighted(ORIGIN_WEIGHTS);
}
const ORIGIN_WEIGHTS = ORIGINS.map((origin) => [origin, origin.weight] as const);

/** The form of a gendered family name (`Kowalski|Kowalska`) for a person of this sex. */
export function familyNameForm(entry: string, sex: "F" | "M" | "X"): string {
  const [masculine, feminine] = entry.split("|") as [string, string | undefined];
  return sex === "F" && feminine ? feminine : masculine;
}

/**
 * A family name, and for a compound one the single name the person also goes by
 * (`García López` is also Mr García; `Costa Santos` is also Ms Santos).
 */
export function pickFamilyName(
  random: Random,
  origin: Origin,
  sex: "F" | "M" | "X",
): { familyName: string; shortForm: string | null } {
  const first = familyNameForm(random.pick(origin.family), sex);
  if (!origin.compound || !random.chance(origin.compound.share))
    return { familyName: first, shortForm: null };
  const second = familyNameForm(random.pick(origin.family), sex);
  if (second === first) return { familyName: first, shortForm: null };
  return {
    familyName: `${first}${origin.compound.join}${second}`,
    shortForm: origin.compound.knownBy === "first" ? first : second,
  };
}

export function pickGivenNames(random: Random, origin: Origin, sex: "F" | "M" | "X"): string {
  // Sex X is rare and not tied to either list of names.
  const list =
    sex === "F"
      ? origin.givenF
      : sex === "M"
        ? origin.givenM
        : random.chance(0.5)
          ? origin.givenF
          : origin.givenM;
  const composed = origin.composedGiven;
  if (composed && random.chance(composed.share)) {
    const [firsts, seconds] = list === origin.givenF ? composed.F : composed.M;
    return `${random.pick(firsts)}${composed.join}${random.pick(seconds)}`;
  }
  const first = random.pick(list);
  if (!random.chance(origin.secondGivenShare)) return first;
  const second = random.pick(origin.patronymic ? origin.givenM : list);
  return second === first || first.includes(" ") ? first : `${first} ${second}`;
}

/**
 * The same name in another spelling, when any of its words (or the whole name) has a known variant:
 * `Mohammed Ali` may become `Muhammad Ali`. Null when the name has no variant.
 */
export function transliterationVariant(random: Random, origin: Origin, name: string): string | null {
  const whole = origin.variants.find((group) => group.includes(name));
  if (whole) return random.pick(whole.filter((spelling) => spelling !== name));
  const words = name.split(" ");
  const candidates = words
    .map((word, index) => ({ index, group: origin.variants.find((group) => group.includes(word)) }))
    .filter((c): c is { index: number; group: readonly string[] } => c.group !== undefined);
  if (candidates.length === 0) return null;
  const { index, group } = random.pick(candidates);
  const replaced = [...words];
  replaced[index] = random.pick(group.filter((spelling) => spelling !== words[index]));
  return replaced.join(" ");
}

/** The name read in Western order: the family name taken for a given name, the last given name as the family name. */
export function swappedOrder(name: PersonName): PersonName | null {
  const given = name.givenNames.split(" ").filter(Boolean);
  const last = given.pop();
  if (!last) return null;
  return { familyName: last, givenNames: [name.familyName, ...given].join(" ") };
}

export function pickWesternGivenName(random: Random, sex: "F" | "M" | "X"): string {
  return random.pick(
    sex === "F" ? WESTERN_GIVEN_F : sex === "M" ? WESTERN_GIVEN_M : [...WESTERN_GIVEN_F, ...WESTERN_GIVEN_M],
  );
}
